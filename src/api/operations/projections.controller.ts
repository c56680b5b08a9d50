import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DomainErrorException } from '../../domain/shared/domain-error';
import { PROJECTION_NAME_PATTERN } from '../../projection-engine/projection-definition';
import { ProjectionEngine, UnknownProjectionError, type JobProgress } from '../../projection-engine';
import { Roles } from '../auth/roles.decorator';
import { ApiZodResponse } from '../docs/api-docs.decorators';
import { ErrorResponseSchema } from '../http/error-response.schema';
import { PathParam } from '../periods/path-param.decorator';
import { JobProgressSchema, ProjectionStatusSchema, RebuildAcceptedSchema, projectionStatusView, type ProjectionStatusView } from './projection-views';

const ProjectionNameSchema = z.string().regex(PROJECTION_NAME_PATTERN, 'a projection name such as commissions');
const JobIdSchema = z.string().uuid('a job id as returned by a rebuild');

const notFound = (message: string) => new DomainErrorException({ kind: 'not_found', code: 'NOT_FOUND', message });

/** The read side's operations: status of each projection, rebuilds into a shadow copy swapped in when caught up. */
@ApiTags('operations')
@Controller('v1/projections')
export class ProjectionsController {
  constructor(private readonly engine: ProjectionEngine) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiZodResponse(200, z.array(ProjectionStatusSchema), 'each projection: version, checkpoint, lag, status')
  async list(): Promise<ProjectionStatusView[]> {
    return (await this.engine.status()).map(projectionStatusView);
  }

  @Post(':name/rebuild')
  @Roles('admin')
  @HttpCode(202)
  @ApiZodResponse(202, RebuildAcceptedSchema, 'rebuilding into a shadow copy; the current read model serves until the swap')
  @ApiZodResponse(404, ErrorResponseSchema, 'no projection of that name')
  rebuild(@PathParam('name', ProjectionNameSchema) name: string): { jobId: string } {
    try {
      // A rebuild already running for it is joined rather than doubled.
      return { jobId: this.engine.rebuild(name).jobId };
    } catch (error) {
      if (error instanceof UnknownProjectionError) throw notFound(`no projection named ${name}`);
      throw error;
    }
  }

  @Get('jobs/:jobId')
  @Roles('admin', 'auditor')
  @ApiZodResponse(200, JobProgressSchema, 'the job’s progress: positions covered, rate, ETA, outcome')
  @ApiZodResponse(404, ErrorResponseSchema, 'no such job (jobs are kept until the service restarts)')
  job(@PathParam('jobId', JobIdSchema) jobId: string): JobProgress {
    const progress = this.engine.job(jobId);
    if (!progress) throw notFound(`no rebuild job ${jobId}`);
    return progress;
  }
}
