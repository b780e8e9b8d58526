//! The rebuild side of `serve`: one rebuild per batch of changes, incremental when the
//! changes allow it (see [`super::incremental`]), a full build otherwise; what was rebuilt and
//! how long it took is printed, and open pages are told to reload or shown the errors.
//!
//! Rebuilds run one at a time on the blocking pool (`spawn_blocking`): the build is sync and
//! CPU-bound. Changes that arrive during a rebuild are folded into the next one. Every rebuild
//! covers all changes since the last good build, so a page broken by one save and left broken
//! while another is edited still fails the build, as a clean build would.
//!
//! Their parallel work runs on a rayon pool of their own ([`RebuildPool`]), never on the
//! global one, which the background refresh fills for seconds.

use super::incremental::{Session, Update};
use super::reload::Message;
use super::settle;
use super::watch::{self, ChangeKind, Changes};
use crate::build::{BuildOptions, BuildReport};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::watch as channel;

/// How long the sources must stay quiet after an incremental rebuild before the print page,
/// search index and offline files are brought up to date; a burst of saves refreshes once.
pub const REFRESH_AFTER: Duration = Duration::from_millis(200);

/// Runs builds and tells open pages about each one.
pub struct Builder {
    options: BuildOptions,
    generation: u64,
    pub status: channel::Sender<Message>,
    /// The last good build, for incremental rebuilds; `None` until a build succeeds.
    session: Option<Session>,
    /// Changes since the last good build.
    dirty: Changes,
    /// Counts good rebuilds, so a refresh started before one is known to be out of date.
    epoch: u64,
    pool: RebuildPool,
}

/// The threads rebuilds hand their parallel work to (writing the changed pages, rendering).
///
/// Not rayon's global pool: a background refresh has Pagefind read every page there, which
/// keeps all of its threads busy for seconds (about 20 s at 10,000 pages), and work handed to
/// a busy pool waits until its threads run out of their own, so an edit saved meanwhile would
/// wait for Pagefind.
#[derive(Clone)]
struct RebuildPool(Option<Arc<rayon::ThreadPool>>);

impl RebuildPool {
    fn new() -> RebuildPool {
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("partnerkit-rebuild-{i}"))
            .build();
        // Without a pool of its own (the system refused threads) a rebuild still works, on
        // the global pool as before.
        RebuildPool(pool.ok().map(Arc::new))
    }

    /// Runs `job` with its parallel work on this pool.
    fn run<T: Send>(&self, job: impl FnOnce() -> T + Send) -> T {
        match &self.0 {
            Some(pool) => pool.install(job),
            None => job(),
        }
    }
}

/// What a successful rebuild did.
enum Done {
    Full(BuildReport),
    Pages(Update),
}

impl Builder {
    pub fn new(options: BuildOptions) -> Builder {
        Builder {
            options,
            generation: 0,
            status: channel::channel(Message::Reload { build: 0 }).0,
            session: None,
            dirty: Changes::default(),
            epoch: 0,
            pool: RebuildPool::new(),
        }
    }

    /// Rebuilds for `changes` (`None`: the first build) and reports the outcome.
    pub async fn rebuild(&mut self, changes: Option<Changes>) {
        let started = Instant::now();
        if let Some(changes) = changes {
            println!("Changed {changes}");
            self.dirty.merge(changes);
        }
        let options = self.options.clone();
        let session = self.session.take();
        let dirty = self.dirty.clone();
        let scope = dirty.scope();
        let pool = self.pool.clone();
        let job = tokio::task::spawn_blocking(move || {
            pool.run(|| rebuild_settled(&options, session, &dirty))
        })
        .await;
        let (session, result) = job.unwrap_or_else(|err| (None, Err(stopped(&self.options, &err))));
        self.session = session;
        self.generation += 1;
        let message = match result {
            Ok(done) => {
                self.dirty = Changes::default();
                self.epoch += 1;
                print_done(&done, scope, started.elapsed());
                Message::Reload {
                    build: self.generation,
                }
            }
            Err(problems) => {
                eprintln!("{problems}");
                eprintln!("{}", failed_note(self.epoch));
                Message::errors(self.generation, &problems, &self.options.root)
            }
        };
        self.status.send_replace(message);
    }

    /// Whether the print page, search index and offline files lag behind an incremental rebuild.
    pub fn needs_refresh(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_stale)
    }

    /// Starts refreshing the site-wide files on the blocking pool, from a snapshot of the
    /// session tagged with the current epoch.
    fn start_refresh(&self) -> Option<Refreshing> {
        let refresh = self.session.as_ref()?.snapshot()?;
        Some(Refreshing {
            epoch: self.epoch,
            started: Instant::now(),
            job: tokio::task::spawn_blocking(move || refresh.run()),
        })
    }

    /// Writes a finished refresh, unless a rebuild since its snapshot made it out of date (the
    /// session is still stale then, and the next quiet spell refreshes again).
    fn finish_refresh(&mut self, refreshing: Refreshing, result: RefreshResult) {
        let files = match result {
            Ok(Ok(files)) => files,
            Ok(Err(problems)) => return eprintln!("{problems}"),
            Err(err) => return eprintln!("error: updating the search index stopped: {err}"),
        };
        if refreshing.epoch != self.epoch {
            return;
        }
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match session.apply(&files) {
            Ok(changed) => println!(
                "Updated the print page, search index and offline files ({changed} files) in {} ms",
                refreshing.started.elapsed().as_millis()
            ),
            Err(problems) => eprintln!("{problems}"),
        }
    }
}

type RefreshResult = Result<Result<Vec<OutputFile>, Diagnostics>, tokio::task::JoinError>;

/// A refresh running on the blocking pool.
struct Refreshing {
    /// [`Builder::epoch`] when its snapshot was taken.
    epoch: u64,
    started: Instant,
    job: tokio::task::JoinHandle<Result<Vec<OutputFile>, Diagnostics>>,
}

/// Waits for the running refresh, or for ever if there is none.
async fn refreshed(refreshing: &mut Option<Refreshing>) -> RefreshResult {
    match refreshing {
        Some(running) => (&mut running.job).await,
        None => std::future::pending().await,
    }
}

/// What a failed build leaves served: the last good site, or none if no build has succeeded
/// yet (`good_builds` is the count of those).
fn failed_note(good_builds: u64) -> &'static str {
    if good_builds == 0 {
        "The build failed, so there is no site to serve yet; fix the problems above and save."
    } else {
        "The build failed; still serving the last good site."
    }
}

/// [`rebuild`], run once more if it failed while a changed file looked half-written.
fn rebuild_settled(
    options: &BuildOptions,
    session: Option<Session>,
    dirty: &Changes,
) -> (Option<Session>, Result<Done, Diagnostics>) {
    let mut session = session;
    let changed = dirty.files.iter().map(|(_, path)| path.as_str());
    let result = settle::retry_if_half_written(&options.root, changed, || {
        let (kept, result) = rebuild(options, session.take(), dirty);
        session = kept;
        result
    });
    (session, result)
}

/// Incremental when the session allows it and every change since the last good build is a
/// content file, else a full build. Returns the session to keep (the old one when a full
/// build fails: the output still holds the site it describes).
fn rebuild(
    options: &BuildOptions,
    session: Option<Session>,
    dirty: &Changes,
) -> (Option<Session>, Result<Done, Diagnostics>) {
    let mut session = session;
    if let (Some(current), Some(ChangeKind::Content)) = (session.as_mut(), dirty.scope()) {
        let paths: Vec<String> = dirty.files.iter().map(|(_, path)| path.clone()).collect();
        match current.update(&paths) {
            Ok(Some(update)) => return (session, Ok(Done::Pages(update))),
            Err(problems) => return (session, Err(problems)),
            Ok(None) => {}
        }
    }
    match Session::full_build(options) {
        Ok((fresh, report)) => (Some(fresh), Ok(Done::Full(report))),
        Err(problems) => (session, Err(problems)),
    }
}

/// Prints what a good rebuild did; `scope` is the kind of change behind it (`None`: the first
/// build).
fn print_done(done: &Done, scope: Option<ChangeKind>, elapsed: Duration) {
    match done {
        Done::Full(report) => {
            report.warnings.warnings().for_each(|w| eprintln!("{w}"));
            let what = scope.map_or("Built".to_string(), |kind| {
                format!("Rebuilt everything ({} change)", kind.label())
            });
            println!(
                "{what}: {} pages, {} sections in {} ms",
                report.pages,
                report.sections,
                elapsed.as_millis()
            );
        }
        Done::Pages(update) => {
            update.warnings.warnings().for_each(|w| eprintln!("{w}"));
            println!(
                "Re-rendered {} ({} page(s), {} file(s) written) in {} ms; the search index follows",
                update.edited.join(", "),
                update.rendered,
                update.written,
                update.elapsed.as_millis()
            );
        }
    }
}

fn stopped(options: &BuildOptions, err: &tokio::task::JoinError) -> Diagnostics {
    Diagnostics::from(Diagnostic::error(
        &options.root,
        format!("the build stopped unexpectedly: {err}"),
    ))
}

/// Rebuilds once per batch of changes, folding batches that queued up during a rebuild, and
/// refreshes the site-wide files once the sources have been quiet for [`REFRESH_AFTER`].
pub async fn rebuild_loop(
    mut builder: Builder,
    mut events: UnboundedReceiver<Vec<PathBuf>>,
    mut watcher: watch::Watcher,
) {
    // The output may sit inside a watched folder; its staging folders are hidden (`.name-build-N`),
    // which `classify` already ignores.
    let root = builder.options.root.clone();
    let ignored = [builder.options.output()];
    let mut refreshing: Option<Refreshing> = None;
    loop {
        let quiet = tokio::time::sleep(REFRESH_AFTER);
        let can_refresh = refreshing.is_none() && builder.needs_refresh();
        let batch = tokio::select! {
            batch = events.recv() => batch,
            () = quiet, if can_refresh => {
                refreshing = builder.start_refresh();
                continue;
            }
            result = refreshed(&mut refreshing) => {
                if let Some(done) = refreshing.take() {
                    builder.finish_refresh(done, result);
                }
                continue;
            }
        };
        let Some(mut paths) = batch else { break };
        while let Ok(more) = events.try_recv() {
            paths.extend(more);
        }
        watcher.follow_new_dirs(&root, &paths);
        let mut changes = Changes::default();
        for path in &paths {
            changes.add(&root, &ignored, path);
        }
        if !changes.is_empty() {
            builder.rebuild(Some(changes)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RebuildPool;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{mpsc, Arc};
    use std::time::{Duration, Instant};

    #[test]
    fn a_rebuild_s_parallel_work_does_not_wait_for_a_busy_global_pool() {
        // Every thread of the global pool held, as a refresh holds them while Pagefind reads.
        let released = Arc::new(AtomicBool::new(false));
        let (started, all_started) = mpsc::channel();
        let threads = rayon::current_num_threads();
        for _ in 0..threads {
            let (released, started) = (Arc::clone(&released), started.clone());
            rayon::spawn(move || {
                started.send(()).unwrap();
                let until = Instant::now() + Duration::from_secs(30);
                while !released.load(Ordering::Acquire) && Instant::now() < until {
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
        }
        for _ in 0..threads {
            all_started.recv().unwrap();
        }
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let pool = RebuildPool::new();
            let sum: u64 = pool.run(|| (1..=1000u64).into_par_iter().sum());
            done.send(sum).unwrap();
        });
        let result = finished.recv_timeout(Duration::from_secs(10));
        released.store(true, Ordering::Release);
        assert_eq!(
            result,
            Ok(500_500),
            "the rebuild waited for the global pool"
        );
    }
}
