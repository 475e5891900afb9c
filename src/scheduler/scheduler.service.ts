import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runStatement } from '../common/database/affected-rows';

/**
 * A periodic task. `cluster` tasks run once per period across all instances (the instance that moves the job's
 * `next_run_at` forward runs it); `instance` tasks run in every instance, for work that claims its own rows
 * exactly once (e.g. `FOR UPDATE SKIP LOCKED`) and must react within a fraction of a second.
 */
export interface ScheduledTask {
  name: string;
  everyMs: number;
  scope: 'cluster' | 'instance';
  /** What the run did (rows purged, ...), kept on the job's row for a cluster task. */
  run(): Promise<Record<string, unknown> | void>;
}

export interface JobRun {
  name: string;
  runs: number;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
  lastResult: Record<string, unknown> | null;
}

/** How often an instance asks whether a cluster task is due (one UPDATE of one row per task). */
const CLUSTER_POLL_MS = 1000;

/**
 * The one place background work runs (STYLE 18): modules register their tasks at init; the timers start once the
 * application has booted and stop at shutdown, waiting for the runs in progress. A run never overlaps the task's
 * previous run in the same instance; a failed run is logged (and kept on a cluster job's row) and tried again next
 * period.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly tasks: ScheduledTask[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  register(task: ScheduledTask): void {
    if (this.tasks.some((t) => t.name === task.name)) throw new Error(`task ${task.name} registered twice`);
    this.tasks.push(task);
  }

  async onApplicationBootstrap(): Promise<void> {
    const cluster = this.tasks.filter((t) => t.scope === 'cluster').map((t) => t.name);
    if (cluster.length > 0) {
      await this.dataSource.query(
        `INSERT INTO scheduled_jobs (name) SELECT unnest($1::varchar[]) ON CONFLICT (name) DO NOTHING`,
        [cluster],
      );
    }
    for (const task of this.tasks) {
      const timer = setInterval(
        () => this.trigger(task),
        task.scope === 'cluster' ? Math.min(CLUSTER_POLL_MS, task.everyMs) : task.everyMs,
      );
      timer.unref();
      this.timers.push(timer);
      this.trigger(task); // a due cluster job (e.g. after a restart) runs at once
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running.values());
  }

  /** The last run of a cluster job as its row records it (null before the first). */
  async lastRun(name: string): Promise<JobRun | null> {
    const rows: JobRun[] = await this.dataSource.query(
      `SELECT name, runs, last_started_at AS "lastStartedAt", last_finished_at AS "lastFinishedAt",
              last_error AS "lastError", last_result AS "lastResult"
       FROM scheduled_jobs WHERE name = $1`,
      [name],
    );
    return rows[0] ?? null;
  }

  /** Runs a task now in this instance, as its timer would (tests, and a cluster job claimed below). */
  private trigger(task: ScheduledTask): void {
    if (this.stopped || this.running.has(task.name)) return;
    const run = (task.scope === 'cluster' ? this.runClaimed(task) : this.runLocal(task))
      .catch((error: unknown) => this.logger.error({ err: error, task: task.name }, 'scheduled task failed'))
      .finally(() => this.running.delete(task.name));
    this.running.set(task.name, run);
  }

  private async runLocal(task: ScheduledTask): Promise<void> {
    await task.run();
  }

  /** Claims the cluster job if it is due (one instance wins the UPDATE), runs it and records the outcome. */
  private async runClaimed(task: ScheduledTask): Promise<void> {
    const { affected } = await runStatement(
      this.dataSource,
      `UPDATE scheduled_jobs SET next_run_at = now() + make_interval(secs => $2), last_started_at = now(),
         runs = runs + 1
       WHERE name = $1 AND next_run_at <= now()`,
      [task.name, task.everyMs / 1000],
    );
    if (affected !== 1) return;
    let result: Record<string, unknown> | null = null;
    let failure: string | null = null;
    try {
      result = (await task.run()) ?? null;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, task: task.name }, 'scheduled job failed');
    }
    await this.dataSource.query(
      `UPDATE scheduled_jobs SET last_finished_at = now(), last_error = $2, last_result = $3::jsonb WHERE name = $1`,
      [task.name, failure, result === null ? null : JSON.stringify(result)],
    );
  }
}
