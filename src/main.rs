//! The `partnerkit` command line: `build`, `check`, `serve`, `init` and `new`.
//!
//! Exit codes: 0 success, 1 content errors (each printed as `path:line:col: message`),
//! 2 usage errors (clap's own).

use clap::{Args, Parser, Subcommand};
use partnerkit::diagnostics::Diagnostics;
use partnerkit::{BuildOptions, BuildReport};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "partnerkit",
    version,
    about = "Build a partnership toolkit website from Markdown"
)]
struct Cli {
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
    Init { dir: PathBuf },
    /// Write a new page of KIND at PATH with a commented front matter template.
    New {
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(partnerkit::content::kinds::KIND_NAMES))]
        kind: String,
        /// The new file, e.g. content/principles/trust.md; an existing file is never overwritten.
        path: PathBuf,
    },
}

#[derive(Args)]
struct BuildArgs {
    /// The site folder (holding config.yaml and content/).
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Replace base_url from config.yaml, e.g. https://org.github.io/toolkit/
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    #[arg(long)]
    drafts: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
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
    #[arg(long)]
    base_path: Option<String>,
    /// Where to build the served site; a temporary folder by default (never public/).
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
    Ok(match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: args.root,
                output_dir: args.output_dir,
                base_url: args.base_url,
                drafts: args.drafts,
            };
            let output = options.output();
            report(
                partnerkit::build(&options),
                &format!("Built into {}", output.display()),
            )
        }
        Command::Check(args) => {
            let options = BuildOptions {
                root: args.root,
                drafts: args.drafts,
                ..BuildOptions::default()
            };
            report(partnerkit::check(&options), "Checked")
        }
        Command::Serve(args) => serve(args)?,
        Command::Init { dir } => scaffolded(partnerkit::scaffold::init(&dir).map(|files| {
            format!(
                "Created a new site in {} ({} files). Try: partnerkit serve --root {0}",
                dir.display(),
                files.len()
            )
        })),
        Command::New { kind, path } => {
            scaffolded(partnerkit::scaffold::new_page(&kind, &path).map(|()| {
                format!(
                    "Wrote {} ({kind}); fill in its front matter",
                    path.display()
                )
            }))
        }
    })
}

/// Serves until the server stops (Ctrl-C).
fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let options = partnerkit::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        base_path: args.base_path,
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
