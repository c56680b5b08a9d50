import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../api/auth/roles.decorator';
import { ApiZodResponse } from '../api/docs/api-docs.decorators';
import { ProcessManagerRunner } from './process-manager-runner';

const RunnerStatusSchema = z.object({
  state: z.enum(['stopped', 'catching-up', 'live', 'failed']),
  checkpoint: z.string(),
  handled: z.number(),
  skipped: z.number(),
  error: z.string().optional(),
});

@ApiTags('operations')
@Controller('v1/process-managers')
export class ProcessManagersController {
  constructor(private readonly runner: ProcessManagerRunner) {}

  /** The runner's state: a failed runner shows the error that stopped it. */
  @Get()
  @Roles('auditor')
  @ApiZodResponse(200, RunnerStatusSchema, 'the process-manager runner: state, checkpoint, events handled and skipped')
  status(): z.infer<typeof RunnerStatusSchema> {
    const { checkpoint, ...rest } = this.runner.status();
    return { ...rest, checkpoint: checkpoint.toString() };
  }
}
