// The part of PouchDB's API that bench/sync.ts uses. Not @types/pouchdb: it declares a global
// Buffer and pulls the DOM lib into every program that loads it, which breaks the Node typings
// of the rest of the tree.
declare module 'pouchdb' {
  namespace PouchDB {
    interface Document {
      _id: string;
      _rev?: string;
    }
    interface WriteResult {
      id?: string;
      rev?: string;
      ok?: boolean;
      error?: string | boolean;
      reason?: string;
    }
    interface ReplicationOptions {
      live?: boolean;
      retry?: boolean;
      batch_size?: number;
      /** Options of the push direction of a sync only: `since` skips the changes up to that update_seq. */
      push?: { since: number | string };
    }
    interface Cancellable {
      /** Emitted once a cancelled feed or replication has finished its last request. */
      on(event: 'complete', listener: () => void): this;
      cancel(): void;
    }
    interface ChangesFeed extends Cancellable {
      on(event: 'change', listener: (change: { id: string }) => void): this;
      on(event: 'complete', listener: () => void): this;
    }
    interface Replication extends Cancellable {
      /** Emitted with no argument when a live replication has caught up, with one when it failed. */
      on(event: 'paused', listener: (error?: unknown) => void): this;
      on(event: 'complete', listener: () => void): this;
    }
    interface Sync extends Cancellable {
      push: Replication;
      pull: Replication;
    }
    interface Database<T extends Document> {
      bulkDocs(docs: T[]): Promise<WriteResult[]>;
      put(doc: T): Promise<WriteResult>;
      info(): Promise<{ doc_count: number; update_seq: number | string }>;
      changes(options: { since: 'now'; live: true }): ChangesFeed;
      sync(remote: string, options: ReplicationOptions): Sync;
      close(): Promise<void>;
    }
  }
  const PouchDB: {
    /** A name is a LevelDB folder on disk, an http(s) URL a CouchDB-compatible server's database. */
    new <T extends PouchDB.Document>(nameOrUrl: string): PouchDB.Database<T>;
    replicate<T extends PouchDB.Document>(source: string, target: PouchDB.Database<T>, options: PouchDB.ReplicationOptions): Promise<unknown>;
  };
  export default PouchDB;
}
