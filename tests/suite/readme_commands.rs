//! The README's commands exist as written: every `partnerkit …` and `cargo run -- …` command in
//! it (in code blocks, tables and inline code) names real subcommands and flags (checked
//! against the binary's own `-h`), the "Start a new toolkit" commands run as written, every
//! `cargo bench --bench NAME` names a benchmark, and the `cargo install` flags exist.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn partnerkit(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_partnerkit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the partnerkit binary runs")
}

/// The lines of ```sh blocks (comments removed), and every inline code span, whitespace
/// collapsed: each a candidate command.
fn commands(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut prose = String::new();
    let mut in_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            let code = line.split(" #").next().unwrap_or_default().trim();
            found.push(code.to_string());
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    let spans = prose.split('`').skip(1).step_by(2);
    found.extend(spans.map(|span| span.split_whitespace().collect::<Vec<_>>().join(" ")));
    found
}

/// The partnerkit arguments of a command line, or `None` if it is no partnerkit command.
fn partnerkit_args(command: &str) -> Option<Vec<String>> {
    let rest = if let Some(rest) = command.strip_prefix("partnerkit ") {
        rest
    } else if command.starts_with("cargo run") {
        command.split_once(" -- ")?.1
    } else {
        return None;
    };
    Some(rest.split_whitespace().map(str::to_string).collect())
}

const SUBCOMMANDS: [&str; 8] = [
    "build", "check", "serve", "init", "new", "theme", "eject", "help",
];

/// `-h` of the subcommand path, cached by the caller.
fn help_of(path: &[String]) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("-h");
    let out = partnerkit(&args, Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(out.status.success(), "partnerkit {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_partnerkit_command_in_the_readme_names_real_subcommands_and_flags() {
    let mut checked = BTreeSet::new();
    for command in commands(&readme()) {
        let Some(args) = partnerkit_args(&command) else {
            continue;
        };
        let path: Vec<String> = args
            .iter()
            .filter(|a| SUBCOMMANDS.contains(&a.as_str()))
            .cloned()
            .collect();
        if path.first().is_some_and(|c| c == "help") {
            continue;
        }
        let help = help_of(&path);
        for arg in &args {
            let flag = arg
                .trim_start_matches('[')
                .trim_end_matches([']', ',', '.']);
            if !flag.starts_with('-') || flag == "--" {
                continue;
            }
            let listed = help.contains(&format!(" {flag} ")) || help.contains(&format!(" {flag},"));
            assert!(
                listed,
                "README: `{command}`: {path:?} has no {flag}:\n{help}"
            );
            checked.insert(format!("{} {flag}", path.join(" ")));
        }
        checked.insert(path.join(" "));
    }
    for expected in [
        "build --base-url",
        "serve --base-url",
        "serve --root",
        "theme eject --list",
        "new",
        "init",
    ] {
        assert!(
            checked.contains(expected),
            "{expected} was not found in the README: {checked:#?}"
        );
    }
}

/// "Start a new toolkit", run as written in a fresh folder (the `serve` line would not return,
/// so it is checked with `check` in its place).
#[test]
fn the_start_a_new_toolkit_commands_run() {
    let text = readme();
    let section = text
        .split("### Start a new toolkit")
        .nth(1)
        .and_then(|rest| rest.split("```sh").nth(1))
        .and_then(|block| block.split("```").next())
        .expect("the section's code block");
    let dir = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for line in section.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let args = partnerkit_args(line).unwrap_or_else(|| panic!("not a command: {line}"));
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        if args[0] == "serve" {
            args[0] = "check";
            args.retain(|a| *a != "--open");
        }
        let out = partnerkit(&args, dir.path());
        assert!(out.status.success(), "`{line}`: {out:?}");
        ran += 1;
    }
    assert_eq!(ran, 3, "{section}");
    assert!(dir
        .path()
        .join("my-toolkit/content/principles/trust.md")
        .is_file());
}

#[test]
fn cargo_commands_in_the_readme_name_real_benchmarks_and_flags() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let install_help = Command::new(env!("CARGO"))
        .args(["install", "--help"])
        .output()
        .expect("cargo runs");
    let install_help = String::from_utf8_lossy(&install_help.stdout).into_owned();
    let mut benches = 0;
    for command in commands(&readme()) {
        if let Some(rest) = command.strip_prefix("cargo bench --bench ") {
            let name = rest.split_whitespace().next().unwrap();
            assert!(
                manifest.contains(&format!("name = \"{name}\"")),
                "no bench {name}"
            );
            benches += 1;
        }
        if let Some(rest) = command.strip_prefix("cargo install ") {
            for flag in rest.split_whitespace().filter(|a| a.starts_with("--")) {
                assert!(install_help.contains(flag), "cargo install has no {flag}");
            }
        }
    }
    assert!(benches >= 4, "{benches}");
}
