// Worker entry point for the class results board: reads and checks participants' result files off the
// page's thread, so 30 files of up to 5 MB each never freeze the lab while JSON is parsed and validated.
import { expose } from 'comlink';
import { checkBoardFile, type BoardFileCheck } from '../../src/lib/bench/board-file.ts';

const service = {
  /** Reads one file (already size-checked by the page) and checks it against the result schema. */
  async check(file: File): Promise<BoardFileCheck> {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { ok: false, name: file.name, reason: `${file.name} could not be read (${why}).` };
    }
    return checkBoardFile(file.name, file.size, text);
  },
};

expose(service);

/** What the page calls on this worker (through comlink's Remote). */
export type BoardCheckApi = typeof service;
