//! The command line as Zola and Hugo users expect it: `--root`/`-r` before or after the
//! command, and help text for every flag and argument of every command.

use crate::fixture;

use fixture::run_binary;

const COMMANDS: [&[&str]; 8] = [
    &[],
    &["build"],
    &["check"],
    &["serve"],
    &["init"],
    &["new"],
    &["theme"],
    &["theme", "eject"],
];

/// The flag and argument lines of `partnerkit COMMAND -h` without any text after them.
fn undocumented(command: &[&str]) -> Vec<String> {
    let mut args = command.to_vec();
    args.push("-h");
    let out = run_binary(&args);
    assert!(out.status.success(), "{args:?}: {out:?}");
    let help = String::from_utf8(out.stdout).unwrap();
    let mut in_list = false;
    let mut bare = Vec::new();
    for line in help.lines() {
        if line.ends_with(':') && !line.starts_with(' ') {
            in_list = line == "Options:" || line == "Arguments:";
            continue;
        }
        let entry = line.trim_start();
        if !in_list || !(entry.starts_with('-') || entry.starts_with('<') || entry.starts_with('['))
        {
            continue;
        }
        // clap prints `[default: .]` where a description would be; that is no description.
        let text = entry.split_once("  ").map_or("", |(_, text)| text);
        let text = text.split(" [default: ").next().unwrap_or_default();
        let described = !text.trim().is_empty() && !text.trim_start().starts_with("[default: ");
        if !described {
            bare.push(format!("partnerkit {} {entry}", command.join(" ")));
        }
    }
    bare
}

#[test]
fn every_flag_and_argument_has_help_text() {
    let bare: Vec<String> = COMMANDS.iter().flat_map(|c| undocumented(c)).collect();
    assert!(bare.is_empty(), "no help text: {bare:#?}");
}

#[test]
fn root_comes_before_or_after_the_command() {
    let site = fixture::copy("subpath");
    let root = site.root.to_str().unwrap();
    for args in [
        &["--root", root, "check"][..],
        &["-r", root, "check", "--drafts"][..],
        &["check", "--root", root][..],
        &["check", "-r", root, "--drafts"][..],
    ] {
        let run = run_binary(args);
        assert_eq!(run.status.code(), Some(0), "{args:?}: {run:?}");
        assert!(String::from_utf8_lossy(&run.stdout).starts_with("Checked: "));
    }
    let out = site.out.to_str().unwrap();
    let run = run_binary(&["-r", root, "build", "--output-dir", out]);
    assert!(run.status.success(), "{run:?}");
    assert!(site.exists("index.html"));
}

/// `--root` names the site for `new` too: a relative PATH is taken inside it.
#[test]
fn root_places_a_new_page_inside_the_site() {
    let site = fixture::copy("subpath");
    let root = site.root.to_str().unwrap();
    let run = run_binary(&["-r", root, "new", "page", "content/guide/three.md"]);
    assert!(run.status.success(), "{run:?}");
    assert!(run.stderr.is_empty(), "no warning inside content/: {run:?}");
    assert!(site.root.join("content/guide/three.md").is_file());
}
