use minicbor::Encode;

/// The word index chunks in `pagefind/index/`

/// A single word index chunk: `pagefind/index/*.pf_index`
#[derive(Encode)]
pub struct WordIndex {
    // PATCH(postings-as-bytes): was `Vec<PackedWord>`; encodes to the same bytes.
    #[n(0)]
    pub words: Vec<SiteWord>,
}

/// A single word as an inverse index of all locations on the site
#[derive(Encode, Clone, Debug)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

/// A variant of a word with different diacritics (e.g., "café" vs "cafe")
#[derive(Encode, Clone, Debug)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// A set of locations on a given page
#[derive(Encode, Clone, Debug)]
pub struct PackedPage {
    #[n(0)]
    pub page_number: usize, // Won't exceed u32 but saves us some into()s
    #[n(1)]
    pub locs: Vec<i32>,
    #[n(2)]
    pub meta_locs: Vec<i32>,
}

/// PATCH(postings-as-bytes): a word of the whole site, as its index chunk will hold it. Its
/// pages are kept as the CBOR bytes `PackedWord::pages` would be encoded to, page numbers
/// already delta-encoded, instead of a `PackedPage` (56 bytes and a list on the heap) per
/// page: the site's map holds one posting for every word of every page until the index is
/// written. Encodes to exactly the bytes the `PackedWord` it replaces did.
#[derive(Encode, Debug, Default)]
pub struct SiteWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: PostingList,
    #[n(2)]
    pub additional_variants: Vec<SiteVariant>,
}

/// PATCH(postings-as-bytes): [`PackedVariant`] with its pages as a [`PostingList`].
#[derive(Encode, Debug, Default)]
pub struct SiteVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: PostingList,
}

/// PATCH(postings-as-bytes): the pages of a word (or a form of it), each encoded as its
/// `PackedPage` with the page number as the difference from the previous page's, as the index
/// chunk stores it; pages must be added in page order.
#[derive(Debug, Default)]
pub struct PostingList {
    bytes: Vec<u8>,
    count: u64,
    last_page: usize,
    /// What `chunk_index` counts for the chunk size: each page's locations plus one.
    size: usize,
}

impl PostingList {
    /// Adds `page`, whose number must not be below the last one added.
    pub fn push(&mut self, mut page: PackedPage) {
        assert!(
            page.page_number >= self.last_page,
            "pages are merged in page order"
        );
        self.size += page.locs.len() + page.meta_locs.len() + 1;
        let delta = page.page_number - self.last_page;
        self.last_page = page.page_number;
        page.page_number = delta;
        // Writing to a Vec cannot fail.
        let _ = minicbor::encode(&page, &mut self.bytes);
        self.count += 1;
    }

    pub fn size(&self) -> usize {
        self.size
    }
}

impl From<Vec<PackedPage>> for PostingList {
    fn from(pages: Vec<PackedPage>) -> PostingList {
        let mut list = PostingList::default();
        pages.into_iter().for_each(|page| list.push(page));
        list
    }
}

/// As a `Vec<PackedPage>` of delta-encoded pages: a definite-length array, then each page.
impl<C> Encode<C> for PostingList {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        _ctx: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        e.array(self.count)?;
        e.writer_mut()
            .write_all(&self.bytes)
            .map_err(minicbor::encode::Error::write)
    }
}

impl From<PackedWord> for SiteWord {
    /// The first page's postings of a word: merged into an empty one.
    fn from(mut page: PackedWord) -> SiteWord {
        let mut word = SiteWord {
            word: std::mem::take(&mut page.word),
            ..SiteWord::default()
        };
        word.merge(page);
        word
    }
}

impl SiteWord {
    /// Adds one page's postings of this word (from that page's own map).
    pub fn merge(&mut self, page: PackedWord) {
        page.pages.into_iter().for_each(|p| self.pages.push(p));
        for variant in page.additional_variants {
            match self
                .additional_variants
                .iter_mut()
                .find(|v| v.form == variant.form)
            {
                Some(existing) => variant.pages.into_iter().for_each(|p| existing.pages.push(p)),
                None => self.additional_variants.push(SiteVariant {
                    form: variant.form,
                    pages: variant.pages.into(),
                }),
            }
        }
    }

    /// What `chunk_index` counts for the chunk size.
    pub fn size(&self) -> usize {
        self.pages.size()
            + self
                .additional_variants
                .iter()
                .map(|v| v.pages.size())
                .sum::<usize>()
            + self.additional_variants.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page_number: usize, locs: Vec<i32>, meta_locs: Vec<i32>) -> PackedPage {
        PackedPage {
            page_number,
            locs,
            meta_locs,
        }
    }

    /// The word as the index chunk encoded it before: its pages delta-encoded in place.
    fn delta_encoded(mut word: PackedWord) -> PackedWord {
        let lists = std::iter::once(&mut word.pages)
            .chain(word.additional_variants.iter_mut().map(|v| &mut v.pages));
        for pages in lists {
            let mut last = 0;
            for page in pages {
                let number = page.page_number;
                page.page_number -= last;
                last = number;
            }
        }
        word
    }

    #[test]
    fn a_site_word_encodes_to_the_bytes_of_the_packed_word_it_replaces() {
        let word = || PackedWord {
            word: "café".into(),
            pages: vec![
                page(0, vec![3, 4], vec![]),
                page(7, vec![], vec![-1, 2]),
                page(300, vec![70_000, -2, 5], vec![-2, 1]),
                page(100_000, vec![1], vec![]),
            ],
            additional_variants: vec![
                PackedVariant {
                    form: "cafe".into(),
                    pages: vec![page(2, vec![9], vec![]), page(90_000, vec![1, 2], vec![])],
                },
                PackedVariant {
                    form: "cafè".into(),
                    pages: vec![],
                },
            ],
        };
        let mut before = Vec::new();
        minicbor::encode(WordIndex_before { words: vec![delta_encoded(word())] }, &mut before)
            .unwrap();
        // Built as the merge builds it: the first page's postings, then each later page's.
        let mut pages = word();
        let rest = pages.pages.split_off(1);
        let mut site = SiteWord::from(PackedWord {
            additional_variants: vec![],
            ..pages
        });
        for (i, p) in rest.into_iter().enumerate() {
            let mut later = PackedWord {
                word: "café".into(),
                pages: vec![p],
                additional_variants: vec![],
            };
            if i == 0 {
                later.additional_variants = word().additional_variants;
            }
            site.merge(later);
        }
        let mut after = Vec::new();
        minicbor::encode(WordIndex { words: vec![site] }, &mut after).unwrap();
        assert_eq!(after, before);
    }

    /// The index chunk as Pagefind 1.6.0 declared it.
    #[derive(Encode)]
    #[allow(non_camel_case_types)]
    struct WordIndex_before {
        #[n(0)]
        words: Vec<PackedWord>,
    }

    #[test]
    #[should_panic(expected = "page order")]
    fn pages_out_of_order_are_refused() {
        let mut list = PostingList::default();
        list.push(page(5, vec![1], vec![]));
        list.push(page(4, vec![1], vec![]));
    }
}
