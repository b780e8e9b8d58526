//! The page count and text of a PDF as Chromium writes it (Skia's PDF backend), for print tests.
//!
//! Declared once in `tests/suite/main.rs`. Skia writes plain objects
//! (no object streams), Flate-compressed content streams, and Type 0 fonts with a `ToUnicode`
//! CMap whose 2-byte codes are shown one glyph at a time with `<hex> Tj`. That is all this
//! reads: enough to find headings and navigation text, not a general PDF reader.

// Each test crate uses only part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;

/// What a PDF says, as far as the tests care.
#[derive(Debug, Clone)]
pub struct PdfText {
    pub pages: usize,
    /// Every page's text, in file order, with runs of whitespace made single spaces.
    pub text: String,
    /// Each page's text on its own, in file order (squashed the same way).
    pub page_texts: Vec<String>,
}

impl PdfText {
    /// Whether the text holds `needle`, comparing with whitespace runs made single spaces
    /// (a heading may wrap onto a second line).
    pub fn contains(&self, needle: &str) -> bool {
        self.text.contains(&squash(needle))
    }
}

/// Reads a PDF's page count and text.
pub fn read(pdf: &[u8]) -> Result<PdfText, String> {
    let objects = objects(pdf)?;
    let fonts: HashMap<u32, Font> = objects
        .iter()
        .filter(|(_, o)| o.dict.contains("/Type /Font") && o.dict.contains("/ToUnicode"))
        .filter_map(|(&n, o)| {
            let cmap = objects.get(&reference_after(&o.dict, "/ToUnicode")?)?;
            Some((
                n,
                to_unicode(&String::from_utf8_lossy(cmap.stream.as_deref()?)),
            ))
        })
        .collect();
    let mut numbers: Vec<&u32> = objects.keys().collect();
    numbers.sort();
    let mut page_texts = Vec::new();
    for n in numbers {
        let object = &objects[n];
        if !is_page(&object.dict) {
            continue;
        }
        let mut text = String::new();
        let resources = font_resources(&object.dict);
        if let Some(contents) =
            reference_after(&object.dict, "/Contents").and_then(|c| objects.get(&c))
        {
            let stream = String::from_utf8_lossy(contents.stream.as_deref().unwrap_or_default())
                .into_owned();
            page_text(&stream, &resources, &fonts, &mut text);
        }
        page_texts.push(squash(&text));
    }
    Ok(PdfText {
        pages: page_texts.len(),
        text: page_texts.join(" "),
        page_texts,
    })
}

/// Makes whitespace runs single spaces and spells out the ligature glyphs Chromium sets
/// ("ﬁrst" is "first" to a reader, and to these tests).
fn squash(text: &str) -> String {
    let spelled = text
        .replace('\u{FB00}', "ff")
        .replace('\u{FB01}', "fi")
        .replace('\u{FB02}', "fl")
        .replace('\u{FB03}', "ffi")
        .replace('\u{FB04}', "ffl");
    spelled.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A font's ToUnicode map, and how many hex digits one character code takes.
struct Font {
    map: HashMap<u16, String>,
    code_digits: usize,
}

struct Object {
    dict: String,
    stream: Option<Vec<u8>>,
}

/// Every `N 0 obj ... endobj` with its dictionary text and (inflated) stream.
fn objects(pdf: &[u8]) -> Result<HashMap<u32, Object>, String> {
    let mut found = HashMap::new();
    let mut at = 0;
    while let Some(offset) = find(&pdf[at..], b" 0 obj") {
        let start = at + offset;
        let digits = pdf[..start]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let number: u32 = std::str::from_utf8(&pdf[start - digits..start])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body_start = start + b" 0 obj".len();
        let end = find(&pdf[body_start..], b"endobj").map_or(pdf.len(), |e| body_start + e);
        let body = &pdf[body_start..end];
        let object = match find(body, b"stream") {
            Some(s) if !body[..s].ends_with(b"end") => {
                let dict = String::from_utf8_lossy(&body[..s]).into_owned();
                let mut data_start = s + b"stream".len();
                while matches!(body.get(data_start), Some(b'\r' | b'\n' | b' ')) {
                    data_start += 1;
                }
                let length = number_after(&dict, "/Length ").unwrap_or(0) as usize;
                let raw = body
                    .get(data_start..data_start + length)
                    .ok_or(format!("object {number}: stream shorter than /Length"))?;
                let stream = if dict.contains("/FlateDecode") {
                    inflate(raw).ok()
                } else {
                    Some(raw.to_vec())
                };
                Object { dict, stream }
            }
            _ => Object {
                dict: String::from_utf8_lossy(body).into_owned(),
                stream: None,
            },
        };
        found.insert(number, object);
        at = end;
    }
    if found.is_empty() {
        Err("no PDF objects found".into())
    } else {
        Ok(found)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn inflate(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(raw).read_to_end(&mut out)?;
    Ok(out)
}

fn is_page(dict: &str) -> bool {
    dict.match_indices("/Type /Page")
        .any(|(i, m)| !dict[i + m.len()..].starts_with('s'))
}

fn number_after(text: &str, key: &str) -> Option<u32> {
    let rest = &text[text.find(key)? + key.len()..];
    rest.trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The object number of the `N 0 R` reference after `key` (the first, for an array).
fn reference_after(dict: &str, key: &str) -> Option<u32> {
    let rest = dict[dict.find(key)? + key.len()..]
        .trim_start()
        .trim_start_matches('[');
    rest.trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The page's `/Font << /F4 4 0 R ... >>` as name to object number.
fn font_resources(dict: &str) -> HashMap<String, u32> {
    let Some(start) = dict.find("/Font <<") else {
        return HashMap::new();
    };
    let rest = &dict[start + "/Font <<".len()..];
    let inner = &rest[..rest.find(">>").unwrap_or(rest.len())];
    let words: Vec<&str> = inner.split_whitespace().collect();
    words
        .chunks(4)
        .filter_map(|w| match w {
            [name, number, _, _] => Some((
                name.trim_start_matches('/').to_string(),
                number.parse().ok()?,
            )),
            _ => None,
        })
        .collect()
}

/// A ToUnicode CMap's `bfchar` and `bfrange` entries as code to text.
fn to_unicode(cmap: &str) -> Font {
    let mut map = HashMap::new();
    // Type 0 fonts use 2-byte codes (`<0000> <FFFF>`), Type 3 fonts (synthetic bold) 1-byte ones.
    let code_digits = cmap
        .split("begincodespacerange")
        .nth(1)
        .and_then(|rest| rest.trim_start().strip_prefix('<'))
        .and_then(|rest| rest.find('>'))
        .unwrap_or(4);
    let mut section = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") {
                "char"
            } else {
                "range"
            };
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let hexes: Vec<&str> = line
            .split(['<', '>', '[', ']', ' '])
            .filter(|s| !s.is_empty())
            .collect();
        match (section, hexes.as_slice()) {
            ("char", [code, text]) => {
                if let Ok(code) = u16::from_str_radix(code, 16) {
                    map.insert(code, utf16_hex(text));
                }
            }
            ("range", [low, high, first, rest @ ..]) => {
                let (Ok(low), Ok(high)) =
                    (u16::from_str_radix(low, 16), u16::from_str_radix(high, 16))
                else {
                    continue;
                };
                for (i, code) in (low..=high).enumerate() {
                    let text = if rest.is_empty() {
                        u32::from_str_radix(first, 16)
                            .ok()
                            .and_then(|c| char::from_u32(c + i as u32))
                            .map(String::from)
                            .unwrap_or_default()
                    } else {
                        std::iter::once(first)
                            .chain(rest)
                            .nth(i)
                            .map(|t| utf16_hex(t))
                            .unwrap_or_default()
                    };
                    map.insert(code, text);
                }
            }
            _ => {}
        }
    }
    Font { map, code_digits }
}

fn utf16_hex(hex: &str) -> String {
    let units: Vec<u16> = (0..hex.len() / 4)
        .filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
        .collect();
    String::from_utf16_lossy(&units)
}

/// Appends the text a content stream shows: `/F4 32 Tf` picks the font, `<hex> Tj` (and the
/// hex strings of `TJ` arrays) show glyphs, and each new text block or matrix starts a line.
fn page_text(
    stream: &str,
    resources: &HashMap<String, u32>,
    fonts: &HashMap<u32, Font>,
    out: &mut String,
) {
    let empty = Font {
        map: HashMap::new(),
        code_digits: 4,
    };
    let mut font = &empty;
    let mut last_name = "";
    let mut pending: Vec<&str> = Vec::new();
    for token in stream
        .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
        .filter(|t| !t.is_empty())
    {
        if let Some(hex) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            pending.push(hex);
        } else if let Some(name) = token.strip_prefix('/') {
            last_name = name;
        } else {
            match token {
                "Tf" => {
                    font = resources
                        .get(last_name)
                        .and_then(|n| fonts.get(n))
                        .unwrap_or(&empty)
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    for hex in pending.drain(..) {
                        let width = font.code_digits.max(1);
                        for i in 0..hex.len() / width {
                            let code = u16::from_str_radix(&hex[i * width..(i + 1) * width], 16)
                                .unwrap_or(0);
                            out.push_str(font.map.get(&code).map_or("", String::as_str));
                        }
                    }
                }
                "BT" | "Tm" | "T*" => out.push('\n'),
                _ => {}
            }
            if !matches!(token, "Tj" | "TJ")
                && token.chars().all(|c| c.is_ascii_alphabetic() || c == '*')
            {
                pending.clear();
            }
        }
    }
}
