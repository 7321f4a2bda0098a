/**
 * The artifacts "bucket" of a local run: objects under the same keys as in S3. Each object is
 * kept once, as its JSON text; an object larger than `spillBytes` (an account's inventory or
 * decided findings, at a million resources hundreds of MB together) is kept in a temporary
 * directory instead of the heap — as S3 keeps it outside the Lambda — so a local sweep's memory is
 * bounded by the accounts in flight, not by the estate. `close()` removes that directory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore } from '../tasks/shared/object-store';

/** What a local sweep spills: objects over 256 KiB of text (run-sweep.ts). */
const SWEEP_SPILL_BYTES = 256 * 1024;

class MemoryObjectStore implements ObjectStore {
  /** Key → the text, or the file it was spilled to. */
  private readonly objects = new Map<string, { readonly text: string } | { readonly file: string }>();
  private dir: string | undefined;
  private spilled = 0;

  /** `spillBytes`: objects of more characters than this go to disk. @default Infinity: none does */
  public constructor(private readonly spillBytes = Number.POSITIVE_INFINITY) {}

  public async putJson(key: string, value: unknown): Promise<void> {
    this.set(key, JSON.stringify(value));
  }

  public async putText(key: string, text: string): Promise<void> {
    this.set(key, text);
  }

  public async getJson<T>(key: string): Promise<T> {
    return JSON.parse(this.getText(key)) as T;
  }

  public getText(key: string): string {
    const found = this.objects.get(key);
    // The same error name S3 answers with, so tasks see what they would see in AWS.
    if (found === undefined) throw Object.assign(new Error(`no object ${key}`), { name: 'NoSuchKey' });
    return 'text' in found ? found.text : readFileSync(found.file, 'utf-8');
  }

  public keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  /** Removes the spilled objects' directory; the store is empty after. */
  public close(): void {
    this.objects.clear();
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private set(key: string, text: string): void {
    if (text.length <= this.spillBytes) {
      this.objects.set(key, { text });
      return;
    }
    if (this.dir === undefined) this.dir = mkdtempSync(join(tmpdir(), 'warden-artifacts-'));
    // One file per put: a key written again gets a new file, and the old one goes with the directory.
    const file = join(this.dir, `${this.spilled++}-${encodeURIComponent(key).slice(0, 200)}`);
    writeFileSync(file, text);
    this.objects.set(key, { file });
  }
}

export { MemoryObjectStore, SWEEP_SPILL_BYTES };
