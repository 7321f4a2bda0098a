/** The artifacts "bucket" of a local run: objects kept in memory under the same keys as in S3. */
import type { ObjectStore } from '../tasks/shared/object-store';

class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, string>();

  public async putJson(key: string, value: unknown): Promise<void> {
    this.objects.set(key, JSON.stringify(value));
  }

  public async putText(key: string, text: string): Promise<void> {
    this.objects.set(key, text);
  }

  public async getJson<T>(key: string): Promise<T> {
    return JSON.parse(this.getText(key)) as T;
  }

  public getText(key: string): string {
    const text = this.objects.get(key);
    // The same error name S3 answers with, so tasks see what they would see in AWS.
    if (text === undefined) throw Object.assign(new Error(`no object ${key}`), { name: 'NoSuchKey' });
    return text;
  }

  public keys(): string[] {
    return [...this.objects.keys()].sort();
  }
}

export { MemoryObjectStore };
