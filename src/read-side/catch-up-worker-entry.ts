import { allProjections } from '../../projections';
import { serveCatchUpWorker } from '../projection-engine/serve-catch-up-worker';

// The worker thread a parallel catchUp() starts (see read-model-layout.ts): the service's own definitions.
serveCatchUpWorker(allProjections);
