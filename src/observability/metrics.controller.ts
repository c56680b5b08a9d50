import { Controller, Get, Header } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Public } from '../api/auth/roles.decorator';
import { LedgerMetrics } from './metrics';

@Controller()
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
