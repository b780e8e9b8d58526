//! PATCH(word-cache): the words to index for each word of a page, remembered per thread.
//!
//! `parse_digest` turned every word of every page into its indexable words (normalized,
//! stemmed, split into compound parts, dotted tails) afresh, though a site's pages repeat a
//! vocabulary of a few thousand words: at 10,000 pages that was about 12% of the build's CPU
//! time. The result depends only on the word, the language (its stemmer) and the extra
//! characters indexed, so each thread keeps what it worked out, for the language and
//! characters it last saw.

use super::splitting::{get_dotted_tails, get_indexable_words, IndexableWord};
use hashbrown::HashMap;
use pagefind_stem::Stemmer;
use std::cell::RefCell;

/// The words a thread remembers before it starts afresh: many times a language's working
/// vocabulary (the benchmark's corpus has 20,000 distinct words), and a bound on a site of
/// numbers and names, whose words rarely repeat (each entry is about 150 bytes).
const CAPACITY: usize = 100_000;

#[derive(Default)]
struct Cache {
    /// The language and extra characters the words were worked out with.
    language: String,
    include_characters: Vec<char>,
    words: HashMap<String, Vec<IndexableWord>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// `get_indexable_words` then `get_dotted_tails` for `word`, as `parse_digest` called them.
pub fn indexable_words(
    word: &str,
    language: &str,
    stemmer: Option<&Stemmer>,
    include_characters: &[char],
) -> Vec<IndexableWord> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.language != language || cache.include_characters != include_characters {
            *cache = Cache {
                language: language.to_string(),
                include_characters: include_characters.to_vec(),
                words: HashMap::new(),
            };
        }
        if let Some(words) = cache.words.get(word) {
            return words.clone();
        }
        let mut words = get_indexable_words(word, stemmer, include_characters);
        let tails = get_dotted_tails(word, stemmer, include_characters, &words);
        words.extend(tails);
        if cache.words.len() >= CAPACITY {
            cache.words.clear();
        }
        cache.words.insert(word.to_string(), words.clone());
        words
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_word_gives_what_working_it_out_gives() {
        let english = Stemmer::create(pagefind_stem::Algorithm::English);
        let words = ["Supervisors", "supervisors", "café", "self-care", "sysconfig.is_python_build", "naïve", "ŌTAUTAHI", "🙂", "2026"];
        for word in words {
            let mut fresh = get_indexable_words(word, Some(&english), &[]);
            let tails = get_dotted_tails(word, Some(&english), &[], &fresh);
            fresh.extend(tails);
            // Twice: worked out, then remembered.
            assert_eq!(indexable_words(word, "en", Some(&english), &[]), fresh, "{word}");
            assert_eq!(indexable_words(word, "en", Some(&english), &[]), fresh, "{word}");
        }
    }

    #[test]
    fn another_language_or_character_set_is_worked_out_again() {
        let english = Stemmer::create(pagefind_stem::Algorithm::English);
        let french = Stemmer::create(pagefind_stem::Algorithm::French);
        let english_form = indexable_words("running", "en", Some(&english), &[]);
        let french_form = indexable_words("running", "fr", Some(&french), &[]);
        assert_eq!(french_form, get_indexable_words("running", Some(&french), &[]));
        assert_ne!(english_form, french_form, "the French stemmer was not used");
        let with_hash = indexable_words("c#", "fr", Some(&french), &['#']);
        assert_eq!(with_hash, get_indexable_words("c#", Some(&french), &['#']));
    }
}
