//! `cargo bench --bench build`: builds a synthetic toolkit of 1,000 and 10,000 pages (or the
//! sizes in `PARTNERKIT_BENCH_PAGES`, comma-separated), with search off then on, then checks it
//! (`partnerkit check`), and reports
//! wall time, CPU time, peak memory, pages per second, output and search index bytes, and
//! each stage's share of the time, after a line saying how heavy the corpus is. The same corpus
//! is built by Hugo (alone, and followed by Pagefind's CLI, what a Hugo user runs for search)
//! and by mdBook when they are installed, on the same machine in the same run, and a "floor"
//! (read, Markdown, write the same bytes) is timed too. `PARTNERKIT_BENCH_SKIP_MDBOOK=1`
//! leaves mdBook out (it takes minutes at 10,000 pages).
//!
//! Each build runs in its own child process so its peak memory is its own.
//!
//! `PARTNERKIT_BENCH_DIR` puts the corpus and every output there instead of under `target/`
//! (a tmpfs such as `/dev/shm/partnerkit-bench` leaves the disk out of the comparison).
//! Nothing is deleted while builds are timed: a previous run's folder is moved aside at the
//! start and removed at the end, and each build writes a folder of its own. On a file system
//! without a journal (ext4 as some virtual machines set it up), creating files in the minutes
//! after many were deleted is several times slower, which would charge one tool for another's
//! clean-up (measured: 30,000 empty files took 1.1 s fresh and 10.5 s right after 30,000 were
//! deleted).

#[path = "corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What one measured build cost.
#[derive(Default, Clone)]
struct Measure {
    wall: Duration,
    cpu: Duration,
    peak_kib: u64,
    stages: String,
}

// The build makes many small allocations on several threads at once; mimalloc handles that
// with less CPU than the system allocator (measured with benches/build.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child-build") {
        return child_build(Path::new(&args[at + 1]), Path::new(&args[at + 2]));
    }
    if let Some(at) = args.iter().position(|a| a == "--child-corpus") {
        let n = args[at + 1].parse().expect("page count");
        return child_corpus(n, Path::new(&args[at + 2]), &args[at + 3..]);
    }
    if let Some(at) = args.iter().position(|a| a == "--child-check") {
        return child_check(Path::new(&args[at + 1]));
    }
    if let Some(at) = args.iter().position(|a| a == "--child-floor") {
        return child_floor(
            Path::new(&args[at + 1]),
            Path::new(&args[at + 2]),
            args[at + 3].parse().unwrap_or(0),
        );
    }
    let sizes = std::env::var("PARTNERKIT_BENCH_PAGES").unwrap_or_else(|_| "1000,10000".into());
    let work = std::env::var_os("PARTNERKIT_BENCH_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")), PathBuf::from)
        .join("bench-build");
    let previous = work.with_extension("previous");
    let _ = std::fs::remove_dir_all(&previous);
    let _ = std::fs::rename(&work, &previous);
    println!("partnerkit build benchmark; machine: {} cores. Peers' figures come from the same machine and run.", std::thread::available_parallelism().map_or(0, |n| n.get()));
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        bench_size(n, &work.join(n.to_string()));
    }
    let _ = std::fs::remove_dir_all(&previous);
}

fn bench_size(n: usize, dir: &Path) {
    let hugo_installed = which("hugo", "version");
    let mdbook_wanted = std::env::var_os("PARTNERKIT_BENCH_SKIP_MDBOOK").is_none();
    let mdbook_installed = mdbook_wanted && which("mdbook", "--version");
    // The corpus is made by a child of its own: a child's peak memory (`ru_maxrss`) counts the
    // memory of the process that started it, so a corpus held here (140 MiB at 10,000 pages)
    // was the floor of every figure.
    run_child(&[
        "--child-corpus",
        &n.to_string(),
        &path(dir),
        if hugo_installed { "hugo" } else { "-" },
        if mdbook_installed { "mdbook" } else { "-" },
    ]);
    let corpus = std::fs::read_to_string(dir.join("corpus.txt")).expect("corpus description");
    println!("\n== {n} pages ==");
    println!("  corpus: {}", corpus.trim());
    let unsearched = without_search(&dir.join("pk"), &dir.join("pk-out-unsearched"), n);
    let ours = run_child(&[
        "--child-build",
        &path(&dir.join("pk")),
        &path(&dir.join("pk-out")),
    ]);
    let out_bytes = dir_bytes(&dir.join("pk-out"));
    let index_bytes = dir_bytes(&dir.join("pk-out/pagefind"));
    report("partnerkit (search on)", n, &ours);
    println!(
        "  output {} MiB, search index {} MiB, stages: {}",
        mib(out_bytes),
        mib(index_bytes),
        ours.stages
    );
    println!(
        "  ratio search off / on: wall {:.2}, peak memory {:.2}",
        ratio(&unsearched, &ours),
        unsearched.peak_kib as f64 / ours.peak_kib.max(1) as f64
    );
    // `check` builds into a temporary folder and deletes it: last, and in the bench's folder.
    let check = || {
        let scratch = dir.join("check-tmp");
        std::fs::create_dir_all(&scratch).expect("check's temporary folder");
        let check = run_tool(
            Command::new(std::env::current_exe().expect("bench binary"))
                .args(["--child-check", &path(&dir.join("pk"))])
                .env("TMPDIR", &scratch),
        );
        report("partnerkit check (search on)", n, &check);
    };
    // For measuring our own build alone (peers and the floor take minutes at 20,000 pages).
    if std::env::var_os("PARTNERKIT_BENCH_OURS_ONLY").is_some() {
        return check();
    }
    let files = count_files(&dir.join("pk-out"));
    let floor = run_child(&[
        "--child-floor",
        &path(&dir.join("pk")),
        &path(&dir.join("floor-out")),
        &(out_bytes / files.max(1)).to_string(),
    ]);
    report("floor", n, &floor);
    println!("  ratio partnerkit / floor: {:.2}", ratio(&ours, &floor));
    if hugo_installed {
        let hugo = run_tool(Command::new("hugo").args([
            "--quiet",
            "-s",
            &path(&dir.join("hugo")),
            "-d",
            &path(&dir.join("hugo-out")),
        ]));
        report("hugo (no search index)", n, &hugo);
        println!(
            "  ratio partnerkit (search on) / hugo: {:.2} (target <= 1.5)",
            ratio(&ours, &hugo)
        );
        hugo_with_pagefind(n, dir, &ours, &hugo);
    } else {
        println!("  hugo: not installed (apt-get install hugo), not compared");
    }
    if !mdbook_wanted {
        println!("  mdbook: left out (PARTNERKIT_BENCH_SKIP_MDBOOK)");
    } else if mdbook_installed {
        let mdbook = run_tool(Command::new("mdbook").args([
            "build",
            &path(&dir.join("mdbook")),
            "-d",
            &path(&dir.join("mdbook-out")),
        ]));
        report("mdbook (with its search index)", n, &mdbook);
        println!("  ratio partnerkit / mdbook: {:.2}", ratio(&ours, &mdbook));
    } else {
        println!("  mdbook: not installed (cargo install mdbook), not compared");
    }
    check();
}

/// What a Hugo user runs for search: Pagefind's CLI over Hugo's output (the theme marks
/// `<main>` as the part to index, as partnerkit's does), reported with Hugo's own build.
fn hugo_with_pagefind(n: usize, dir: &Path, ours: &Measure, hugo: &Measure) {
    let Some(cli) = pagefind_cli() else {
        println!("  pagefind CLI: not installed (npm install -g pagefind@1.6.0, or run the tests once), not compared");
        return;
    };
    let index =
        run_tool(Command::new(&cli).args(["--site", &path(&dir.join("hugo-out")), "--silent"]));
    let both = Measure {
        wall: hugo.wall + index.wall,
        cpu: hugo.cpu + index.cpu,
        peak_kib: hugo.peak_kib.max(index.peak_kib),
        stages: String::new(),
    };
    report("hugo + pagefind CLI", n, &both);
    println!(
        "  pagefind CLI alone: wall {:.0} ms, peak {} MiB; ratio partnerkit (search on) / (hugo + pagefind): {:.2} (target <= 0.5)",
        index.wall.as_secs_f64() * 1e3,
        index.peak_kib / 1024,
        ratio(ours, &both)
    );
}

/// Pagefind's CLI: `pagefind` on the PATH, or the copy the tests install under tests/tools.
fn pagefind_cli() -> Option<PathBuf> {
    if which("pagefind", "--version") {
        return Some(PathBuf::from("pagefind"));
    }
    let local =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node_modules/.bin/pagefind");
    local.exists().then_some(local)
}

/// Builds the site at `root` with `search: {enabled: false}` into `out`, reports it, and puts
/// the config back as it was.
fn without_search(root: &Path, out: &Path, n: usize) -> Measure {
    let config = root.join("config.yaml");
    let original = std::fs::read_to_string(&config).expect("read config");
    std::fs::write(&config, format!("{original}search: {{enabled: false}}\n")).expect("config");
    let measure = run_child(&["--child-build", &path(root), &path(out)]);
    std::fs::write(&config, original).expect("restore config");
    report("partnerkit (search off)", n, &measure);
    println!("  stages: {}", measure.stages);
    measure
}

fn report(name: &str, n: usize, m: &Measure) {
    println!(
        "  {name:<32} wall {:>7.0} ms  cpu {:>7.0} ms  peak {:>6} MiB  {:>7.0} pages/s",
        m.wall.as_secs_f64() * 1e3,
        m.cpu.as_secs_f64() * 1e3,
        m.peak_kib / 1024,
        n as f64 / m.wall.as_secs_f64()
    );
}

fn ratio(a: &Measure, b: &Measure) -> f64 {
    a.wall.as_secs_f64() / b.wall.as_secs_f64()
}

/// Runs this benchmark binary again as a child doing one build, and measures it.
fn run_child(args: &[&str]) -> Measure {
    let exe = std::env::current_exe().expect("own path");
    run_tool(Command::new(exe).args(args))
}

/// Runs a command to completion, measuring wall time, CPU time and peak memory (wait4).
// The child is reaped by `wait4` below, which std's `Child::wait` cannot do while also
// returning the child's resource usage.
#[allow(clippy::zombie_processes)]
fn run_tool(command: &mut Command) -> Measure {
    let started = Instant::now();
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start build");
    // Read all output first (it ends when the child exits), so a chatty child never blocks
    // on a full pipe while we wait for it.
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        use std::io::Read;
        let _ = out.read_to_string(&mut stdout);
    }
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is a plain C struct that wait4 fills in; zeroed is a valid value for it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child; status and usage are valid for writes.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert!(status == 0, "build failed: {stdout}");
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Measure {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_kib: usage.ru_maxrss as u64,
        stages: stdout
            .lines()
            .find_map(|l| l.strip_prefix("STAGES "))
            .unwrap_or("")
            .to_string(),
    }
}

fn child_build(root: &Path, out: &Path) {
    let options = partnerkit::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        ..Default::default()
    };
    let report = partnerkit::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let t = &report.times;
    let total = report.elapsed.as_secs_f64();
    let share = |d: Duration| 100.0 * d.as_secs_f64() / total;
    println!(
        "STAGES load {:.0}%, validate {:.0}%, Markdown+templates {:.0}%, search index {:.0}%, write {:.0}%",
        share(t.load),
        share(t.validate),
        share(t.render),
        share(t.search),
        share(t.write)
    );
}

/// Writes the corpus of `n` pages under `dir` for partnerkit and the `peers` named
/// (`hugo`, `mdbook`), and its description to `dir/corpus.txt`.
fn child_corpus(n: usize, dir: &Path, peers: &[String]) {
    let pages = corpus::pages(n);
    corpus::write_partnerkit(&pages, &dir.join("pk")).expect("write corpus");
    if peers.iter().any(|p| p == "hugo") {
        corpus::write_hugo(&pages, &dir.join("hugo")).expect("write hugo corpus");
    }
    if peers.iter().any(|p| p == "mdbook") {
        corpus::write_mdbook(&pages, &dir.join("mdbook")).expect("write mdbook corpus");
    }
    let stats = corpus::stats(&pages);
    let description = format!(
        "{} distinct words (vocabulary {}, Zipf-like), {} words and {} bytes of Markdown a page",
        stats.distinct_words,
        corpus::VOCABULARY,
        stats.words_per_page,
        stats.bytes_per_page
    );
    std::fs::write(dir.join("corpus.txt"), description).expect("corpus description");
}

fn child_check(root: &Path) {
    let options = partnerkit::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    partnerkit::check(&options).unwrap_or_else(|e| panic!("{e}"));
}

/// The least work a build can do: read every Markdown file, render it with pulldown-cmark and
/// write as many bytes per page as the real build wrote, in parallel.
fn child_floor(root: &Path, out: &Path, bytes_per_page: usize) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().enumerate().for_each(|(i, file)| {
        let text = std::fs::read_to_string(file).expect("read");
        let mut html = String::with_capacity(bytes_per_page);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
        html.extend(std::iter::repeat_n(
            ' ',
            bytes_per_page.saturating_sub(html.len()),
        ));
        let target = out.join(format!("{i}/index.html"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, html).expect("write");
    });
}

/// Whether `tool` runs here (`hugo version`, `mdbook --version`).
fn which(tool: &str, version_arg: &str) -> bool {
    Command::new(tool)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn count_files(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count() as u64
}

fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}
