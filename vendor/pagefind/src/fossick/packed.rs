//! PATCH(pack-on-read): a read page's words, packed as the index will store them.
//!
//! Every page read is held until the whole site has been read. As a list of
//! `(String, Vec<FossickedWord>)` a page of about 1,100 words (500 distinct) took about
//! 83 KB while it waited: two allocations per word, and 32 bytes per position for what the
//! index keeps as one `i32`. Here a page's words share one string and its locations one
//! list, already in the form `build_indexes` writes (`pack_locations`, the same code it ran).

use super::FossickedWord;
use hashbrown::HashMap;
use std::collections::BTreeMap;

/// A page's words with their packed locations, and the forms with diacritics apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedWords {
    /// Every word of the page, one after another.
    text: String,
    /// Where each word ends in `text`.
    word_ends: Vec<u32>,
    /// Each word's packed locations (of its normalized form), one after another.
    locs: Vec<i32>,
    /// Where each word's locations end in `locs`.
    loc_ends: Vec<u32>,
    /// (word number, original form, packed locations), by word number then form: the
    /// locations where a word was written with diacritics its normalized form lacks.
    variants: Vec<(u32, String, Vec<i32>)>,
}

/// One word of a page, borrowed from its [`PackedWords`].
pub struct PackedPageWord<'a> {
    pub word: &'a str,
    /// Empty when the word only occurs with diacritics.
    pub locs: &'a [i32],
    /// (word number, original form, packed locations) of this word's forms with diacritics,
    /// by form.
    pub variants: &'a [(u32, String, Vec<i32>)],
}

impl PackedWords {
    /// Packs the word map `parse_digest` made.
    pub fn pack(words: HashMap<String, Vec<FossickedWord>>) -> PackedWords {
        let mut packed = PackedWords::default();
        for (number, (word, positions)) in words.into_iter().enumerate() {
            let mut normalized = Vec::new();
            let mut variants: BTreeMap<String, Vec<FossickedWord>> = BTreeMap::new();
            for mut position in positions {
                match position.original_word.take() {
                    None => normalized.push(position),
                    Some(original) => variants.entry(original).or_default().push(position),
                }
            }
            packed.text.push_str(&word);
            packed.word_ends.push(packed.text.len() as u32);
            pack_locations(normalized, &mut packed.locs);
            packed.loc_ends.push(packed.locs.len() as u32);
            for (form, positions) in variants {
                let mut locs = Vec::new();
                pack_locations(positions, &mut locs);
                packed.variants.push((number as u32, form, locs));
            }
        }
        packed.text.shrink_to_fit();
        packed.word_ends.shrink_to_fit();
        packed.locs.shrink_to_fit();
        packed.loc_ends.shrink_to_fit();
        packed.variants.shrink_to_fit();
        packed
    }

    pub fn is_empty(&self) -> bool {
        self.word_ends.is_empty()
    }

    /// The page's words, in no particular order (each occurs once).
    pub fn iter(&self) -> impl Iterator<Item = PackedPageWord<'_>> {
        let mut variants = self.variants.as_slice();
        (0..self.word_ends.len()).map(move |number| {
            let span = |ends: &[u32]| {
                let start = number.checked_sub(1).map_or(0, |before| ends[before]) as usize;
                start..ends[number] as usize
            };
            let own = variants
                .iter()
                .take_while(|(word, ..)| *word as usize == number)
                .count();
            let (mine, rest) = variants.split_at(own);
            variants = rest;
            PackedPageWord {
                word: &self.text[span(&self.word_ends)],
                locs: &self.locs[span(&self.loc_ends)],
                variants: mine,
            }
        })
    }
}

/// Appends `positions` to `out` as the index stores them: sorted by weight (the common weight,
/// 25, first) then position, each position as the difference from the one before, and each
/// change of weight as a marker (`-weight - 1`) followed by the absolute position.
pub fn pack_locations(mut positions: Vec<FossickedWord>, out: &mut Vec<i32>) {
    // A page weight of 1 is encoded as 25. Since most words should be this weight,
    // we want to sort them to be first in the locations array to reduce filesize
    // when we inline weight changes.
    // We then sort by position within each weight group,
    // which helps us delta encode the index.
    positions.sort_by_cached_key(|p| (if p.weight == 25 { 0 } else { p.weight }, p.position));

    let mut current_weight = 25;
    let mut last_position = 0;
    for FossickedWord {
        position, weight, ..
    } in positions
    {
        if weight != current_weight {
            // Weight change: emit marker + absolute position, new delta base
            out.push(-(weight as i32) - 1);
            out.push(position as i32);
            current_weight = weight;
        } else {
            // emit delta from previous position
            out.push((position - last_position) as i32);
        }
        last_position = position;
    }
}
