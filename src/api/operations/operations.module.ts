import { Module } from '@nestjs/common';
import { ProjectionsController } from './projections.controller';

/** GET /v1/projections, POST /v1/projections/{name}/rebuild, GET /v1/projections/jobs/{jobId}. */
@Module({ controllers: [ProjectionsController] })
export class OperationsModule {}
