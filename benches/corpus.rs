//! A deterministic synthetic toolkit for benchmarks: N pages in sections of 50 under ten parts, each page
//! 600-1,200 words with headings, lists, a table, internal links and citations, plus a
//! reading list and a few assessments. The same corpus can be written for Hugo and mdBook so
//! the peers build the same text.
//!
//! Words are drawn from a vocabulary of [`VOCABULARY`] words (the toolkit words below, then
//! generated pseudo-words) with a Zipf-like frequency, as in real text: a few words on every
//! page, most on a handful. A search index's size and work grow with the distinct words, which
//! a vocabulary of fifty would hide (issue #19). [`Stats`] says how heavy a corpus is.
//!
//! Include from a bench with `#[path = "corpus.rs"] mod corpus;`.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Pages per section.
pub const SECTION_SIZE: usize = 50;
/// Readings in the corpus's reading list.
const READINGS: usize = 40;
/// Words in the vocabulary: [`WORDS`], then generated pseudo-words.
pub const VOCABULARY: usize = 20_000;
/// Syllables the pseudo-words are made of (`ka`, `ren`, ...), so they look like words to a
/// stemmer and split as words.
const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "pl",
];
const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou"];
const CODAS: &[&str] = &["", "n", "r", "s", "l", "m", "nd", "st"];
const WORDS: &[&str] = &[
    "partner",
    "court",
    "tribal",
    "community",
    "agency",
    "director",
    "family",
    "child",
    "welfare",
    "trust",
    "meeting",
    "listening",
    "follow-through",
    "resources",
    "funding",
    "feedback",
    "power",
    "culture",
    "humility",
    "staff",
    "supervisor",
    "training",
    "policy",
    "practice",
    "outcome",
    "relationship",
    "provider",
    "service",
    "support",
    "planning",
    "shared",
    "goal",
    "values",
    "ethics",
    "student",
    "placement",
    "county",
    "leader",
    "manager",
    "frontline",
    "contact",
    "the",
    "and",
    "with",
    "for",
    "their",
    "each",
    "every",
    "when",
    "how",
    "why",
    "what",
    "can",
    "should",
    "must",
    "will",
    "builds",
    "keeps",
    "reviews",
    "invites",
    "measures",
    "explains",
];

/// A small seeded generator so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: enough randomness for filler text, fully deterministic.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
    /// A word of `vocabulary` at a Zipf-like rank: rank r about as often as 1/(r+1), by
    /// drawing the rank log-uniformly.
    fn zipf<'v>(&mut self, vocabulary: &'v [String]) -> &'v str {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let rank = ((vocabulary.len() as f64 + 1.0).powf(u) - 1.0) as usize;
        &vocabulary[rank.min(vocabulary.len() - 1)]
    }
    fn sentence(&mut self, vocabulary: &[String]) -> String {
        let len = 8 + self.below(10);
        let mut s: String = (0..len)
            .map(|_| self.zipf(vocabulary))
            .collect::<Vec<_>>()
            .join(" ");
        s[..1].make_ascii_uppercase();
        s.push('.');
        s
    }
}

/// The vocabulary, most frequent first: the toolkit words, then distinct pseudo-words of two
/// to four syllables, the same on every run.
pub fn vocabulary() -> Vec<String> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut seen: std::collections::HashSet<String> = WORDS.iter().map(|w| w.to_string()).collect();
    let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    while words.len() < VOCABULARY {
        let syllables = 2 + rng.below(3);
        let word: String = (0..syllables)
            .map(|_| {
                let onset = ONSETS[rng.below(ONSETS.len())];
                let nucleus = NUCLEI[rng.below(NUCLEI.len())];
                let coda = CODAS[rng.below(CODAS.len())];
                format!("{onset}{nucleus}{coda}")
            })
            .collect();
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

/// How heavy a corpus is: what the benchmark prints beside its figures.
pub struct Stats {
    /// Distinct words in the page bodies (lowercased, punctuation trimmed).
    pub distinct_words: usize,
    /// Mean Markdown bytes of a page body.
    pub bytes_per_page: usize,
    /// Mean words of a page body.
    pub words_per_page: usize,
}

/// Counts what [`Stats`] reports over `pages`.
pub fn stats(pages: &[Page]) -> Stats {
    let mut distinct = std::collections::HashSet::new();
    let mut words = 0;
    for page in pages {
        for word in page.body.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            // Words only: not the link and citation markers, numbers or table rules.
            if !word.is_empty() && word.chars().all(|c| c.is_alphabetic() || c == '-') {
                words += 1;
                distinct.insert(word.to_lowercase());
            }
        }
    }
    let n = pages.len().max(1);
    Stats {
        distinct_words: distinct.len(),
        bytes_per_page: pages.iter().map(|p| p.body.len()).sum::<usize>() / n,
        words_per_page: words / n,
    }
}

/// One generated page, format-neutral.
pub struct Page {
    pub section: usize,
    pub index: usize,
    pub title: String,
    pub tags: Vec<&'static str>,
    /// Markdown with `{{LINK:section:index:anchor|text}}` and `{{CITE:n}}` markers that each
    /// format writes its own way.
    pub body: String,
}

/// The corpus: its pages, in order.
pub fn pages(n: usize) -> Vec<Page> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocabulary = vocabulary();
    (0..n).map(|i| page(&mut rng, &vocabulary, i, n)).collect()
}

fn page(rng: &mut Rng, vocabulary: &[String], i: usize, n: usize) -> Page {
    let (section, index) = (i / SECTION_SIZE, i % SECTION_SIZE);
    let target_words = 600 + rng.below(600);
    let mut body = String::new();
    let mut words = 0;
    let mut heading = 0;
    while words < target_words {
        heading += 1;
        let _ = writeln!(
            body,
            "## Part {heading}: {} {} {{#part-{heading}}}\n",
            rng.word(),
            rng.word()
        );
        for _ in 0..2 + rng.below(2) {
            let sentences: Vec<String> = (0..3 + rng.below(3))
                .map(|_| rng.sentence(vocabulary))
                .collect();
            words += sentences
                .iter()
                .map(|s| s.split(' ').count())
                .sum::<usize>();
            let _ = writeln!(body, "{}\n", sentences.join(" "));
        }
        match heading % 4 {
            1 => {
                let other = rng.below(n);
                let _ = writeln!(
                    body,
                    "- See {{{{LINK:{}:{}:part-1|page {other}}}}} and {{{{CITE:{}}}}}.\n- {}\n- {}\n",
                    other / SECTION_SIZE,
                    other % SECTION_SIZE,
                    rng.below(READINGS),
                    rng.sentence(vocabulary),
                    rng.sentence(vocabulary)
                );
            }
            2 => {
                let _ = writeln!(
                    body,
                    "### Detail {heading}\n\n| Partner | Contact | Rating |\n| --- | --- | --- |"
                );
                for row in 0..4 {
                    let _ = writeln!(
                        body,
                        "| {} | {} | {} |",
                        rng.word(),
                        rng.word(),
                        1 + (row + heading) % 5
                    );
                }
                body.push('\n');
            }
            _ => {}
        }
    }
    let tags = vec![WORDS[rng.below(20)], WORDS[20 + rng.below(20)]];
    Page {
        section,
        index,
        title: format!("Page {i}: {} {}", rng.word(), rng.word()),
        tags,
        body,
    }
}

fn section_count(pages: &[Page]) -> usize {
    pages.last().map_or(0, |p| p.section + 1)
}

/// Top-level parts: sections are spread over a fixed number of them, as a large toolkit
/// nests its sections, so that the site menu (every top-level section, on every page) stays
/// the same size whatever the page count. With every section at the top, a 20,000-page site
/// put a 400-link menu on each page, and output and template work grew with the square of the
/// page count.
pub const PARTS: usize = 10;

/// The folder of section `s` under the content root: `part{p}/s{s}`.
pub fn section_dir(s: usize) -> String {
    format!("part{}/s{s}", s % PARTS)
}

/// Writes each part's `_index.md` under `content` (the same front matter for partnerkit and
/// Hugo).
fn write_parts(pages: &[Page], content: &Path) -> std::io::Result<()> {
    for p in 0..part_count(section_count(pages)) {
        std::fs::create_dir_all(content.join(format!("part{p}")))?;
        std::fs::write(
            content.join(format!("part{p}/_index.md")),
            format!("---\ntitle: Part {p}\nweight: {p}\n---\nPart {p}.\n"),
        )?;
    }
    Ok(())
}

/// The parts a corpus of `sections` sections uses.
fn part_count(sections: usize) -> usize {
    sections.min(PARTS)
}

/// Writes the corpus as a partnerkit site at `root`.
pub fn write_partnerkit(pages: &[Page], root: &Path) -> std::io::Result<()> {
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        root.join("config.yaml"),
        "title: Synthetic toolkit\nbase_url: https://org.github.io/toolkit/\nroles:\n  - {id: leaders, title: Leaders}\n  - {id: frontline, title: Frontline staff}\n",
    )?;
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Home\n---\nA synthetic toolkit.\n",
    )?;
    let mut readings = String::from("---\ntitle: Readings\nkind: readings\nentries:\n");
    for r in 0..READINGS {
        let _ = writeln!(readings, "  - {{id: r{r}, title: Reading {r}, authors: [\"Author{r}, A.\"], year: {}, type: article}}", 2000 + r);
    }
    readings.push_str("---\n");
    std::fs::write(content.join("readings.md"), readings)?;
    write_parts(pages, &content)?;
    for s in 0..section_count(pages) {
        let dir = content.join(section_dir(s));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("_index.md"),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\nSection {s}.\n"),
        )?;
    }
    for page in pages {
        let body = render_markers(
            &page.body,
            |s, i, anchor, text| {
                format!(
                    "[{text}](../../{}/p{i}.md#{anchor})",
                    section_dir(s.parse().unwrap_or(0))
                )
            },
            |r| format!("{{{{ cite(id=\"r{r}\") }}}}"),
        );
        let text = format!(
            "---\ntitle: \"{}\"\nweight: {}\ntags: [{}]\nroles: [leaders]\nreadings: [r{}]\n---\n{body}",
            page.title,
            page.index,
            page.tags.join(", "),
            page.index % READINGS
        );
        std::fs::write(
            content.join(format!("{}/p{}.md", section_dir(page.section), page.index)),
            text,
        )?;
    }
    Ok(())
}

/// Writes the corpus as a Hugo site with minimal layouts of the same shape (sidebar, TOC).
pub fn write_hugo(pages: &[Page], root: &Path) -> std::io::Result<()> {
    let content = root.join("content");
    let layouts = root.join("layouts/_default");
    std::fs::create_dir_all(&content)?;
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(root.join("hugo.yaml"), "baseURL: https://org.github.io/toolkit/\ntitle: Synthetic toolkit\ndisableKinds: [RSS]\nmarkup:\n  goldmark:\n    parser:\n      attribute:\n        title: true\n")?;
    std::fs::write(layouts.join("baseof.html"), "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav>{{ with .Parent }}{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}</nav><main data-pagefind-body>{{ block \"main\" . }}{{ end }}</main></body></html>")?;
    std::fs::write(layouts.join("single.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}<article>{{ .Content }}</article>{{ range .Params.tags }}<a href=\"/tags/{{ . | urlize }}/\">{{ . }}</a>{{ end }}{{ end }}")?;
    std::fs::write(layouts.join("list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}")?;
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Home\n---\nA synthetic toolkit.\n",
    )?;
    write_parts(pages, &content)?;
    for s in 0..section_count(pages) {
        std::fs::create_dir_all(content.join(section_dir(s)))?;
        std::fs::write(
            content.join(format!("{}/_index.md", section_dir(s))),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\nSection {s}.\n"),
        )?;
    }
    for page in pages {
        let body = render_markers(
            &page.body,
            |s, i, anchor, text| {
                format!(
                    "[{text}](/toolkit/{}/p{i}/#{anchor})",
                    section_dir(s.parse().unwrap_or(0))
                )
            },
            |r| format!("(Author{r}, {})", 2000 + r.parse::<usize>().unwrap_or(0)),
        );
        let text = format!(
            "---\ntitle: \"{}\"\nweight: {}\ntags: [{}]\n---\n{body}",
            page.title,
            page.index,
            page.tags.join(", ")
        );
        std::fs::write(
            content.join(format!("{}/p{}.md", section_dir(page.section), page.index)),
            text,
        )?;
    }
    Ok(())
}

/// Writes the corpus as an mdBook: `book.toml`, `src/SUMMARY.md` and one chapter a page.
pub fn write_mdbook(pages: &[Page], root: &Path) -> std::io::Result<()> {
    let src = root.join("src");
    std::fs::create_dir_all(&src)?;
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Synthetic toolkit\"\nlanguage = \"en\"\n\n[output.html]\n",
    )?;
    let mut summary = String::from("# Summary\n\n");
    let sections = section_count(pages);
    for p in 0..part_count(sections) {
        std::fs::create_dir_all(src.join(format!("part{p}")))?;
        std::fs::write(
            src.join(format!("part{p}/index.md")),
            format!("# Part {p}\n\nPart {p}.\n"),
        )?;
        let _ = writeln!(summary, "- [Part {p}](part{p}/index.md)");
        for s in (p..sections).step_by(PARTS) {
            let dir = section_dir(s);
            std::fs::create_dir_all(src.join(&dir))?;
            std::fs::write(
                src.join(format!("{dir}/index.md")),
                format!("# Section {s}\n\nSection {s}.\n"),
            )?;
            let _ = writeln!(summary, "  - [Section {s}]({dir}/index.md)");
            for page in pages.iter().filter(|page| page.section == s) {
                let _ = writeln!(summary, "    - [{}]({dir}/p{}.md)", page.title, page.index);
            }
        }
    }
    std::fs::write(src.join("SUMMARY.md"), summary)?;
    for page in pages {
        let body = render_markers(
            &page.body,
            |s, i, anchor, text| {
                let dir = section_dir(s.parse().unwrap_or(0));
                format!("[{text}](../../{dir}/p{i}.md#{anchor})")
            },
            |r| format!("(Author{r}, {})", 2000 + r.parse::<usize>().unwrap_or(0)),
        );
        std::fs::write(
            src.join(format!("{}/p{}.md", section_dir(page.section), page.index)),
            format!("# {}\n\n{body}", page.title),
        )?;
    }
    Ok(())
}

/// Replaces the link and citation markers of a page body.
fn render_markers(
    body: &str,
    link: impl Fn(&str, &str, &str, &str) -> String,
    cite: impl Fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |e| start + e + 2);
        let marker = &rest[start + 2..end - 2];
        if let Some(spec) = marker.strip_prefix("LINK:") {
            let (target, text) = spec.split_once('|').unwrap_or((spec, "link"));
            let mut parts = target.splitn(3, ':');
            let (s, i, a) = (
                parts.next().unwrap_or("0"),
                parts.next().unwrap_or("0"),
                parts.next().unwrap_or(""),
            );
            out.push_str(&link(s, i, a, text));
        } else if let Some(r) = marker.strip_prefix("CITE:") {
            out.push_str(&cite(r));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
