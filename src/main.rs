//! The `partnerkit` command line: `build`, `check`, `serve`, `init`, `new` and `theme eject`.
//!
//! `--root`/`-r` is global, as in Zola: it may come before or after the command. When it is
//! given, `init`'s DIR and `new`'s PATH are taken inside it.
//!
//! Exit codes: 0 success, 1 content errors (each printed as `path:line:col: message`),
//! 2 usage errors (clap's own, a bad `--base-url`, and an output folder a build may not
//! replace).

use clap::{Args, Parser, Subcommand};
use partnerkit::diagnostics::Diagnostics;
use partnerkit::output_folder::{self, Replace};
use partnerkit::{BuildOptions, BuildReport};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "partnerkit",
    version,
    about = "Build a partnership toolkit website from Markdown"
)]
struct Cli {
    /// The site folder, holding config.yaml and content/ (default: the current folder).
    #[arg(short, long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site for errors without writing anything.
    Check(CheckArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every change.
    Serve(ServeArgs),
    /// Create a new toolkit site in DIR (which must be new or empty).
    Init {
        /// The folder for the new site, e.g. my-toolkit; created if missing, refused if not empty.
        dir: PathBuf,
    },
    /// Write a new page of KIND at PATH with a commented front matter template.
    New {
        /// The kind of page; each kind has its own front matter fields.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(partnerkit::content::kinds::KIND_NAMES))]
        kind: String,
        /// The new file, e.g. content/principles/trust.md; an existing file is never overwritten.
        path: PathBuf,
    },
    /// Work with the built-in theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Copy built-in theme files into the site's themes/default/ to change them there.
    ///
    /// With no FILE, copies every file. A copied file replaces the built-in one for good, so it
    /// no longer receives fixes from new partnerkit versions: copy only what you change.
    /// Existing files are never overwritten.
    Eject {
        /// Theme files to copy, e.g. templates/page.html static/css/site.css (see `--list`).
        files: Vec<String>,
        /// List the built-in theme's files instead of copying any.
        #[arg(long)]
        list: bool,
    },
}

#[derive(Args)]
struct BuildArgs {
    /// Where to write the site, relative to the current folder (default: public/ inside the
    /// site folder).
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Replace base_url from config.yaml, e.g. https://org.github.io/toolkit/
    #[arg(short = 'u', long, value_parser = base_url)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Replace the output folder even if an earlier build did not make it (never the site's
    /// own content, templates, static files, themes or settings).
    #[arg(long)]
    force: bool,
}

/// Checks `--base-url` as `base_url` in config.yaml is checked.
fn base_url(url: &str) -> Result<String, String> {
    partnerkit::config::check_base_url(url)
        .map(|()| url.to_string())
        .map_err(|problem| format!("{problem}; {}", partnerkit::config::BASE_URL_HINT))
}

#[derive(Args)]
struct CheckArgs {
    /// Also check pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; the default lets only this computer connect.
    #[arg(short, long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Also answer requests made to this host name (besides localhost and IP addresses);
    /// may be given more than once.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_host: Vec<String>,
    /// The path to serve the site under; the path of base_url in config.yaml by default.
    #[arg(long, conflicts_with = "base_url")]
    base_path: Option<String>,
    /// The address readers open the preview at, e.g. http://192.168.1.20:1111/toolkit/ for a
    /// phone on your network; links are built from it and the site is served under its path.
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Where to build the served site, relative to the current folder; a temporary folder by
    /// default (never public/).
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Look for changes by polling, for network and container file systems.
    #[arg(long)]
    poll: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

// The build makes many small allocations on several threads at once; mimalloc handles that
// with less CPU than the system allocator (measured with benches/build.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let given_root = cli.root;
    let root = given_root.clone().unwrap_or_else(|| PathBuf::from("."));
    Ok(match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root,
                output_dir: args.output_dir,
                base_url: args.base_url,
                drafts: args.drafts,
            };
            let output = options.output();
            let replace = if args.force {
                Replace::Forced
            } else {
                Replace::OnlyBuilt
            };
            if let Err(refused) = output_folder::check(&output, &options.root, replace) {
                eprintln!("{refused}");
                eprintln!("Nothing was written.");
                return Ok(ExitCode::from(2));
            }
            report(
                partnerkit::build::build_replacing(&options, replace),
                &format!("Built into {}", output.display()),
            )
        }
        Command::Check(args) => {
            let options = BuildOptions {
                root,
                drafts: args.drafts,
                ..BuildOptions::default()
            };
            report(partnerkit::check(&options), "Checked")
        }
        Command::Serve(args) => serve(root, args)?,
        Command::Init { dir } => init(&inside(given_root.as_deref(), dir)),
        Command::New { kind, path } => new_page(&kind, given_root.as_deref(), path),
        Command::Theme(ThemeCommand::Eject { files, list }) => eject(&root, &files, list),
    })
}

/// `new KIND PATH`: writes the page, warning if the build would not see it there.
fn new_page(kind: &str, root: Option<&Path>, path: PathBuf) -> ExitCode {
    let path = inside(root, path);
    scaffolded(
        partnerkit::scaffold::new_page(kind, &path, root).map(|warnings| {
            for warning in warnings.iter() {
                eprintln!("{warning}");
            }
            format!(
                "Wrote {} ({kind}); fill in its front matter",
                path.display()
            )
        }),
    )
}

/// `theme eject [FILE…] [--list]`: lists the theme's files, or copies them into the site.
fn eject(root: &Path, files: &[String], list: bool) -> ExitCode {
    if list {
        for (path, _) in partnerkit::theme::DEFAULT_THEME {
            println!("{path}");
        }
        return ExitCode::SUCCESS;
    }
    scaffolded(partnerkit::scaffold::eject(root, files).map(|copied| {
        let mut done = format!(
            "Copied {} theme file(s) into {}; each now replaces the built-in one:",
            copied.len(),
            root.join("themes/default").display()
        );
        for path in copied {
            done.push_str(&format!("\n  {}", path.display()));
        }
        done
    }))
}

/// `path` taken inside `--root` when one was given (an absolute path stays as it is).
fn inside(root: Option<&Path>, path: PathBuf) -> PathBuf {
    root.map_or(path.clone(), |root| root.join(path))
}

/// The command that serves the site in `dir`, as the editor can type it from here: through
/// Cargo inside partnerkit's checkout, by name when `partnerkit` is installed, or else by the
/// full path of this program.
fn serve_command(dir: &Path) -> String {
    let dir = quoted(&dir.display().to_string());
    let in_checkout = std::fs::read_to_string("Cargo.toml")
        .is_ok_and(|toml| toml.contains("name = \"partnerkit\""));
    if in_checkout {
        return format!("cargo run -- serve --root {dir}");
    }
    let program = std::env::current_exe().ok();
    let installed = program.as_ref().is_some_and(|me| on_path(me));
    let program = match program {
        Some(me) if !installed => quoted(&me.display().to_string()),
        _ => "partnerkit".to_string(),
    };
    format!("{program} serve --root {dir}")
}

/// Whether the `partnerkit` found first on PATH is `program`.
fn on_path(program: &Path) -> bool {
    let name = format!("partnerkit{}", std::env::consts::EXE_SUFFIX);
    let Some(paths) = std::env::var_os("PATH") else {
        return false;
    };
    let found = std::env::split_paths(&paths)
        .map(|dir| dir.join(&name))
        .find(|candidate| candidate.is_file());
    let same = |a: &Path, b: &Path| std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok();
    found.is_some_and(|found| same(&found, program))
}

/// `text` in double quotes if a shell would split it.
fn quoted(text: &str) -> String {
    if text.contains(|c: char| c.is_whitespace() || "'\"$&;()|<>*?".contains(c)) {
        format!("\"{text}\"")
    } else {
        text.to_string()
    }
}

/// `init DIR`: writes the site, then says what to run next, as commands that work from here.
fn init(dir: &Path) -> ExitCode {
    scaffolded(partnerkit::scaffold::init(dir).map(|created| {
        let mut done = format!(
            "Created a new site in {} ({} files).",
            dir.display(),
            created.files.len()
        );
        for warning in created.warnings.iter() {
            eprintln!("{warning}");
        }
        done.push_str("\nNext, see it in your browser and edit it live:\n  ");
        done.push_str(&serve_command(dir));
        done
    }))
}

/// Serves until the server stops (Ctrl-C).
fn serve(root: PathBuf, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = partnerkit::serve::ServeOptions {
        root,
        bind: args.bind,
        port: args.port,
        base_path: args.base_path,
        base_url: args.base_url,
        output_dir: args.output_dir,
        poll: args.poll,
        drafts: args.drafts,
        allowed_hosts: args.allow_host,
    };
    partnerkit::serve::run(options, args.open)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints what `init` or `new` did, or why it did nothing.
fn scaffolded(result: Result<String, Diagnostics>) -> ExitCode {
    match result {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            ExitCode::from(1)
        }
    }
}

/// Prints the outcome of a build or check and picks the exit code.
fn report(result: Result<BuildReport, Diagnostics>, done: &str) -> ExitCode {
    match result {
        Ok(report) => {
            for warning in report.warnings.warnings() {
                eprintln!("{warning}");
            }
            println!(
                "{done}: {} pages, {} sections in {} ms",
                report.pages,
                report.sections,
                report.elapsed.as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("Nothing was written; the previous site is unchanged.");
            ExitCode::from(1)
        }
    }
}
