// Worker entry point: exposes the inspector service over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from '../../src/contracts/errors.ts';
import { InspectorService } from './inspector-service.ts';

installErrorTransfer();
expose(new InspectorService());

/** What the page calls on this worker (through comlink's Remote): its one import from this folder. */
export type InspectorApi = InspectorService;
