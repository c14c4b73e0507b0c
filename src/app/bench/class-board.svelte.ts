// State of the class results board: files dropped or picked by the teacher are size-checked here, read
// and validated in a worker, and either join the board or are refused with one sentence each. Nothing
// leaves the browser: no server, and it works offline like the rest of the lab.
import { wrap, type Remote } from 'comlink';
import type { BoardCheckApi } from '../../../workers/bench/board-check.worker.ts';
import { MAX_BOARD_FILES, sizeProblem, type BoardFileCheck } from '../../lib/bench/board-file.ts';
import { buildClassBoard, type ClassBoard } from '../../lib/bench/class-board.ts';
import type { BenchResult } from '../../lib/bench/result-types.ts';

export interface BoardEntry {
  name: string;
  result: BenchResult;
}

export interface BoardRefusal {
  name: string;
  reason: string;
}

export class ClassBoardState {
  entries = $state.raw<BoardEntry[]>([]);
  refused = $state.raw<BoardRefusal[]>([]);
  /** Files being read now (for the status line); 0 when idle. */
  pending = $state(0);
  private worker: Remote<BoardCheckApi> | null = null;
  private rawWorker: Worker | null = null;
  /** Rejects when the worker fails to start or crashes, so no check waits forever. */
  private crashed: Promise<never> = new Promise<never>(() => undefined);

  get board(): ClassBoard {
    return buildClassBoard(this.entries.map((entry) => entry.result));
  }

  private checker(): Remote<BoardCheckApi> {
    if (!this.worker) {
      this.rawWorker = new Worker(new URL('../../../workers/bench/board-check.worker.ts', import.meta.url), {
        type: 'module',
        name: 'glassbox-class-board',
      });
      this.worker = wrap<BoardCheckApi>(this.rawWorker);
      const raw = this.rawWorker;
      this.crashed = new Promise<never>((_, reject) => {
        raw.addEventListener('error', (event) => {
          event.preventDefault();
          reject(new Error(event.message || 'the worker stopped'));
          // A fresh worker is started for the next files.
          if (this.rawWorker === raw) this.dispose();
        });
      });
      this.crashed.catch(() => undefined);
    }
    return this.worker;
  }

  /**
   * Adds files: each is refused by size before reading, the rest are checked in the worker; the board
   * and the refusals follow the order the files were given in.
   */
  async add(files: readonly File[]): Promise<void> {
    const room = Math.max(0, MAX_BOARD_FILES - this.entries.length);
    const overflow: BoardFileCheck[] = files.slice(room).map((file) => ({
      ok: false,
      name: file.name,
      reason: `${file.name} was not read: the board holds at most ${MAX_BOARD_FILES} results.`,
    }));
    const taken = files.slice(0, room);
    const toRead = taken.filter((file) => sizeProblem(file.name, file.size) === null);
    this.pending += toRead.length;
    let read: BoardFileCheck[];
    try {
      const checker = toRead.length > 0 ? this.checker() : null;
      read = checker
        ? await Promise.race([Promise.all(toRead.map((file) => checker.check(file))), this.crashed])
        : [];
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      read = toRead.map((file) => ({
        ok: false as const,
        name: file.name,
        reason: `${file.name} could not be checked: the checking worker failed (${why}).`,
      }));
    } finally {
      this.pending -= toRead.length;
    }
    const checks = taken.map(
      (file) => sizeProblem(file.name, file.size) ?? (read[toRead.indexOf(file)] as BoardFileCheck),
    );
    this.accept([...checks, ...overflow]);
  }

  /** Adds good results (a result already on the board is refused as a duplicate) and lists the rest. */
  private accept(checks: readonly BoardFileCheck[]): void {
    const entries = [...this.entries];
    const refused = [...this.refused];
    for (const check of checks) {
      if (!check.ok) {
        refused.push({ name: check.name, reason: check.reason });
        continue;
      }
      const twin = entries.find((entry) => entry.result.id === check.result.id);
      if (twin) {
        refused.push({
          name: check.name,
          reason: `${check.name} is the same result as ${twin.name}, already on the board.`,
        });
        continue;
      }
      entries.push({ name: check.name, result: check.result });
    }
    this.entries = entries;
    this.refused = refused;
  }

  clear(): void {
    this.entries = [];
    this.refused = [];
  }

  dispose(): void {
    this.rawWorker?.terminate();
    this.rawWorker = null;
    this.worker = null;
  }
}
