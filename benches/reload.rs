//! `cargo bench --bench reload`: the editor's loop. Writes the synthetic toolkit at 1,000 and
//! 10,000 pages (or the sizes in `PARTNERKIT_RELOAD_PAGES`, comma-separated), starts
//! `partnerkit serve` on it as a child process, then saves an edit to one page's body several
//! times (`PARTNERKIT_RELOAD_RUNS`, default 7) and measures the time from the save to the
//! reload message on the live-reload WebSocket. Each edit starts from a quiet server: the
//! first build leaves nothing to refresh, and after each edit the bench waits until the server
//! has refreshed the search index in the background. Prints each edit's time and the server's
//! own re-render time, then the median and max. The target (issues 6 and 19) is 50 ms at
//! 10,000 pages, for every edit.

#[path = "corpus.rs"]
mod corpus;

use futures_util::StreamExt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

const QUIET_TIMEOUT: Duration = Duration::from_secs(300);

fn main() {
    let sizes = std::env::var("PARTNERKIT_RELOAD_PAGES").unwrap_or_else(|_| "1000,10000".into());
    let runs: usize = std::env::var("PARTNERKIT_RELOAD_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-reload");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("partnerkit serve: save → reload message; machine: {cores} cores");
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    for n in sizes.split(',').filter_map(|s| s.trim().parse().ok()) {
        runtime.block_on(bench_size(n, runs, &work.join(n.to_string())));
    }
}

/// The server as a child process, with its output lines arriving on a channel.
struct Served {
    child: Child,
    lines: mpsc::Receiver<String>,
    url: String,
}

impl Served {
    fn start(site: &Path, output: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_partnerkit"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .arg("--output-dir")
            .arg(output)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start partnerkit serve");
        let stdout = child.stdout.take().expect("stdout");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut served = Served {
            child,
            lines,
            url: String::new(),
        };
        let line = served.wait_for("Serving ");
        served.url = line["Serving ".len()..]
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        served
    }

    /// Waits for an output line starting with `prefix`, echoing what it skips.
    fn wait_for(&self, prefix: &str) -> String {
        let deadline = Instant::now() + QUIET_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{prefix}` line from the server"));
            if line.starts_with(prefix) {
                return line;
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn bench_size(n: usize, runs: usize, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let site = dir.join("site");
    corpus::write_partnerkit(&corpus::pages(n), &site).expect("write corpus");
    println!("\n== {n} pages ==");
    let started = Instant::now();
    let served = Served::start(&site, &dir.join("out"));
    println!(
        "  first build and start: {} ms",
        started.elapsed().as_millis()
    );
    let socket_url = format!("{}__livereload", served.url.replacen("http", "ws", 1));
    let (mut socket, _) = tokio_tungstenite::connect_async(socket_url.as_str())
        .await
        .expect("connect to the live-reload socket");
    let page = site
        .join("content")
        .join(corpus::section_dir(3))
        .join("p7.md");
    let original = std::fs::read_to_string(&page).expect("read page");
    let mut times = Vec::with_capacity(runs);
    let mut server_said = Vec::with_capacity(runs);
    for run in 0..runs {
        let saved = Instant::now();
        std::fs::write(&page, format!("{original}\nEdit number {run}.\n")).expect("save");
        wait_for_reload(&mut socket).await;
        times.push(saved.elapsed());
        server_said.push(served.wait_for("Re-rendered"));
        let refresh = served.wait_for("Updated the print page");
        if run == 0 {
            println!("  then, in the background: {refresh}");
        }
    }
    std::fs::write(&page, original).expect("restore page");
    let each: Vec<String> = times
        .iter()
        .map(|t| format!("{:.1}", t.as_secs_f64() * 1000.0))
        .collect();
    println!("  each edit, ms: {}", each.join(", "));
    let rendered: Vec<&str> = server_said.iter().map(|line| server_ms(line)).collect();
    println!(
        "  the server's own re-render time for each, ms: {}",
        rendered.join(", ")
    );
    report(&times);
    println!(
        "  server's last report: {}",
        server_said.last().map_or("", String::as_str)
    );
}

async fn wait_for_reload<S>(socket: &mut S)
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let deadline = tokio::time::Instant::now() + QUIET_TIMEOUT;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .expect("a reload message in time")
            .expect("the socket stays open")
            .expect("a WebSocket message");
        if let Message::Text(text) = message {
            assert!(text.contains("\"reload\""), "the build failed: {text}");
            return;
        }
    }
}

/// The `N` of the ` in N ms;` a `Re-rendered` line ends with.
fn server_ms(line: &str) -> &str {
    line.rsplit_once(" in ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .unwrap_or("?")
}

fn report(times: &[Duration]) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  save → reload over {} edits: median {:.1} ms, max {:.1} ms (target ≤ 50 ms at 10,000 pages)",
        sorted.len(),
        ms(sorted[sorted.len() / 2]),
        ms(*sorted.last().unwrap_or(&Duration::ZERO))
    );
}
