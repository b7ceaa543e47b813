//! Catalogue search that a mediator can type into with a citizen in front of them.
//!
//! The same [`Index`] serves the counter's search box and `balcao catalogue search`. What it must get
//! right, and how:
//!
//! - **Accents and case don't matter**: everything is folded ([`fold`]): "revalidacao carta" finds
//!   "Revalidação da carta de condução".
//! - **One typo per word is forgiven**: words of four letters or more match vocabulary words within one
//!   edit (two for long words) ([`distance`]): "regsito criminal" finds the criminal record.
//! - **Citizens' words count**: each service's keywords, the entity's acronym and name, the categories
//!   and the catalogue's synonym groups are indexed, so "adse reembolso" and "mudar morada cartao" work.
//! - **Results appear while typing**: the last word is also matched as a prefix ("revalid"), unless the
//!   query ends with a space.
//!
//! Ranking: each query word scores, for each service, its best match: quality of the match (exact 1.0,
//! synonym 0.9, prefix 0.8, one typo 0.7, two typos 0.5) × the weight of the field it was found in (name
//! 3, keywords and acronym 2.5, …) × the word's rarity (inverse document frequency, so "carta" counts
//! less than "revalidacao"; when the typed word exists as it is, its expansions are capped at its own
//! rarity). Services matching more query words always rank first; then by score; then by catalogue
//! order, so results are stable. Among the best candidates, a service whose name or keyword phrase holds
//! the query words side by side, and whose name is mostly the query's words, gets a bounded bonus:
//! "mudar morada cartao" puts "Alteração de morada do Cartão de Cidadão" before "Alteração da morada
//! fiscal (sem Cartão de Cidadão)", which has the same words apart.
//!
//! The index is built once per catalogue (a few milliseconds) and queried without allocation-heavy work:
//! vocabulary words are bucketed by length so typo matching only compares plausible candidates, and
//! prefix matching is a binary search in the sorted vocabulary.

pub mod distance;
pub mod fold;

use balcao_core::catalogue::Catalogue;
use std::collections::HashMap;

/// Field weights: where a word is found says how much it means.
mod weight {
    pub const NAME: f32 = 3.0;
    pub const KEYWORD: f32 = 2.5;
    pub const ACRONYM: f32 = 2.5;
    pub const NAME_EN: f32 = 1.5;
    pub const ENTITY_NAME: f32 = 1.0;
    pub const CATEGORY: f32 = 1.0;
    pub const SUMMARY: f32 = 0.8;
    pub const SUMMARY_EN: f32 = 0.3;
}

/// Match qualities: how sure we are that a vocabulary word is what the mediator meant.
mod quality {
    pub const EXACT: f32 = 1.0;
    pub const SYNONYM: f32 = 0.9;
    pub const PREFIX: f32 = 0.8;
    pub const ONE_TYPO: f32 = 0.7;
    pub const TWO_TYPOS: f32 = 0.5;
}

/// Proximity bonuses, as fractions of the score.
mod bonus {
    /// Per pair of consecutive query words found side by side in the name.
    pub const NAME_PAIR: f32 = 0.15;
    /// Per pair found side by side in a keyword phrase (the best phrase counts).
    pub const KEYWORD_PAIR: f32 = 0.12;
    /// Times the share of the name's words that the query matched.
    pub const NAME_COVERAGE: f32 = 0.2;
    /// Times the share of the query that one keyword phrase, wholly matched, accounts for.
    pub const KEYWORD_PHRASE: f32 = 0.3;
}

/// At most this many adjacent pairs count (a long query should not drown the word scores).
const MAX_PAIRS: usize = 3;
/// Proximity is computed for at least this many of the best candidates (more when `limit` is large).
const REFINE_AT_LEAST: usize = 50;

/// Words shorter than this are matched exactly (a typo in "cc" or "at" is another word).
const MIN_LEN_ONE_TYPO: usize = 4;
/// Words at least this long may have two typos.
const MIN_LEN_TWO_TYPOS: usize = 9;
/// A prefix shorter than this is too vague to expand.
const MIN_PREFIX_LEN: usize = 2;
/// At most this many vocabulary words are tried for one prefix.
const MAX_PREFIX_EXPANSION: usize = 200;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the service in `catalogue.services`.
    pub service: usize,
    /// How many query words matched.
    pub matched: usize,
    /// The relevance score (comparable within one query only).
    pub score: f32,
}

/// A vocabulary word and where it occurs.
#[derive(Debug)]
struct Term {
    chars: Vec<char>,
    /// [`distance::letter_mask`] of `chars`, to skip hopeless typo comparisons.
    mask: u64,
    /// `(service index, best field weight)`, sorted by service.
    postings: Vec<(u32, f32)>,
    idf: f32,
}

/// The search index over one catalogue.
#[derive(Debug)]
pub struct Index {
    terms: Vec<Term>,
    /// Word → term id.
    by_word: HashMap<String, u32>,
    /// Vocabulary sorted by word, for prefix search.
    sorted: Vec<(String, u32)>,
    /// Term ids bucketed by length in characters, for typo search.
    by_len: Vec<Vec<u32>>,
    /// Term id → the other term ids of its synonym groups.
    synonyms: HashMap<u32, Vec<u32>>,
    /// Per service: the folded name, then each keyword phrase, as term ids in order (for proximity).
    phrases: Vec<Vec<Vec<u32>>>,
    services: usize,
}

impl Index {
    /// Builds the index of a catalogue.
    pub fn new(catalogue: &Catalogue) -> Index {
        let mut by_word: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<HashMap<u32, f32>> = Vec::new();
        let mut add = |word: String, doc: u32, w: f32| {
            let next = u32::try_from(postings.len()).unwrap_or(u32::MAX);
            let id = *by_word.entry(word).or_insert(next);
            if id == next {
                postings.push(HashMap::new());
            }
            if let Some(p) = postings.get_mut(id as usize) {
                let slot = p.entry(doc).or_insert(0.0);
                *slot = slot.max(w);
            }
        };
        for (i, s) in catalogue.services.iter().enumerate() {
            let doc = u32::try_from(i).unwrap_or(u32::MAX);
            let mut field = |text: &str, w: f32| {
                for t in fold::terms(text) {
                    add(t, doc, w);
                }
            };
            field(&s.name.pt, weight::NAME);
            field(&s.name.en, weight::NAME_EN);
            for k in &s.keywords {
                field(k, weight::KEYWORD);
            }
            field(&s.summary.pt, weight::SUMMARY);
            field(&s.summary.en, weight::SUMMARY_EN);
            if let Some(e) = catalogue.entity(&s.entity) {
                field(&e.acronym, weight::ACRONYM);
                field(&e.name.pt, weight::ENTITY_NAME);
            }
            for c in s.categories.iter().filter_map(|c| catalogue.category(c)) {
                field(&c.name.pt, weight::CATEGORY);
            }
        }
        let n = catalogue.services.len().max(1) as f32;
        let mut words: Vec<(String, u32)> = by_word.iter().map(|(w, id)| (w.clone(), *id)).collect();
        words.sort();
        let mut terms: Vec<Term> = postings
            .into_iter()
            .map(|p| {
                let mut p: Vec<(u32, f32)> = p.into_iter().collect();
                p.sort_by_key(|(doc, _)| *doc);
                let idf = (1.0 + n / p.len().max(1) as f32).ln();
                Term {
                    chars: Vec::new(),
                    mask: 0,
                    postings: p,
                    idf,
                }
            })
            .collect();
        let mut by_len: Vec<Vec<u32>> = Vec::new();
        for (word, id) in &words {
            let chars: Vec<char> = word.chars().collect();
            let len = chars.len();
            if by_len.len() <= len {
                by_len.resize_with(len + 1, Vec::new);
            }
            if let Some(bucket) = by_len.get_mut(len) {
                bucket.push(*id);
            }
            if let Some(t) = terms.get_mut(*id as usize) {
                t.mask = distance::letter_mask(&chars);
                t.chars = chars;
            }
        }
        let mut synonyms: HashMap<u32, Vec<u32>> = HashMap::new();
        for group in &catalogue.synonyms {
            let ids: Vec<u32> = group
                .iter()
                .flat_map(|w| fold::terms(w))
                .filter_map(|w| by_word.get(&w).copied())
                .collect();
            for &a in &ids {
                let entry = synonyms.entry(a).or_default();
                entry.extend(ids.iter().copied().filter(|&b| b != a));
                entry.sort_unstable();
                entry.dedup();
            }
        }
        let phrases = catalogue
            .services
            .iter()
            .map(|s| {
                std::iter::once(s.name.pt.as_str())
                    .chain(s.keywords.iter().map(String::as_str))
                    .map(|text| {
                        fold::terms(text)
                            .iter()
                            .filter_map(|w| by_word.get(w).copied())
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Index {
            terms,
            by_word,
            sorted: words,
            by_len,
            synonyms,
            phrases,
            services: catalogue.services.len(),
        }
    }

    /// How many distinct words the index holds.
    pub fn vocabulary_len(&self) -> usize {
        self.terms.len()
    }

    /// The best `limit` services for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let mut words = fold::terms(query);
        if words.is_empty() {
            // Only small words ("de", "a"): search them rather than nothing.
            words = fold::tokens(query);
        }
        let typing = !query.ends_with(char::is_whitespace);
        let mut matched = vec![0u16; self.services];
        let mut score = vec![0f32; self.services];
        let mut best = vec![0f32; self.services];
        let mut touched: Vec<u32> = Vec::new();
        // Each query word's candidate terms, sorted, kept for the proximity pass.
        let mut per_word: Vec<Vec<u32>> = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let candidates = self.candidates(word, typing && i + 1 == words.len());
            let mut ids: Vec<u32> = candidates.iter().map(|(t, _)| *t).collect();
            ids.sort_unstable();
            per_word.push(ids);
            // When the word typed exists as it is, its expansions (prefix, typo, synonym) must not
            // outweigh it just for being rarer: "carta" should not rank "cartão" above "carta".
            let cap = self
                .by_word
                .get(word)
                .and_then(|&id| self.terms.get(id as usize))
                .map_or(f32::MAX, |t| t.idf);
            touched.clear();
            for (term, q) in candidates {
                let Some(t) = self.terms.get(term as usize) else {
                    continue;
                };
                let idf = t.idf.min(cap);
                for &(doc, w) in &t.postings {
                    let d = doc as usize;
                    let s = q * w * idf;
                    if let Some(b) = best.get_mut(d) {
                        if *b == 0.0 {
                            touched.push(doc);
                        }
                        *b = b.max(s);
                    }
                }
            }
            for &doc in &touched {
                let d = doc as usize;
                if let (Some(b), Some(m), Some(s)) = (best.get_mut(d), matched.get_mut(d), score.get_mut(d)) {
                    *m += 1;
                    *s += *b;
                    *b = 0.0;
                }
            }
        }
        let mut hits: Vec<Hit> = matched
            .iter()
            .zip(&score)
            .enumerate()
            .filter(|(_, (m, _))| **m > 0)
            .map(|(service, (m, s))| Hit {
                service,
                matched: usize::from(*m),
                score: *s,
            })
            .collect();
        let order = |a: &Hit, b: &Hit| {
            b.matched
                .cmp(&a.matched)
                .then(b.score.total_cmp(&a.score))
                .then(a.service.cmp(&b.service))
        };
        // Proximity and coverage refine the order among the best candidates only: computing them for
        // every hit of a large catalogue would cost more than the whole search.
        let refine = limit.saturating_mul(5).max(REFINE_AT_LEAST);
        if hits.len() > refine {
            hits.select_nth_unstable_by(refine - 1, order);
            hits.truncate(refine);
        }
        for hit in &mut hits {
            hit.score *= self.proximity(hit.service, &per_word);
        }
        hits.sort_by(order);
        hits.truncate(limit);
        hits
    }

    /// A multiplier (≥ 1) for a service whose name or a keyword phrase holds the query words side by
    /// side ("morada do Cartão" for "mudar morada cartao", not "morada fiscal (sem Cartão)"), one of
    /// whose keyword phrases the query contains whole, and whose name is mostly made of the query's
    /// words (the specific service before the one that merely mentions them).
    fn proximity(&self, service: usize, per_word: &[Vec<u32>]) -> f32 {
        let Some(phrases) = self.phrases.get(service) else {
            return 1.0;
        };
        let is = |term: u32, word: usize| per_word.get(word).is_some_and(|c| c.binary_search(&term).is_ok());
        // Consecutive query words found side by side, in either order ("reembolso adse" is what the
        // editor wrote, "adse reembolso" what the mediator types).
        let adjacent_pairs = |phrase: &[u32]| {
            let mut pairs = 0usize;
            for w in 0..per_word.len().saturating_sub(1) {
                let side_by_side = phrase
                    .windows(2)
                    .any(|p| (is(p[0], w) && is(p[1], w + 1)) || (is(p[0], w + 1) && is(p[1], w)));
                if side_by_side {
                    pairs += 1;
                }
            }
            pairs.min(MAX_PAIRS) as f32
        };
        let words = per_word.len().max(1) as f32;
        let mut name_pairs = 0.0;
        let mut keyword_pairs: f32 = 0.0;
        let mut keyword_phrase: f32 = 0.0;
        let mut coverage = 0.0;
        for (i, phrase) in phrases.iter().enumerate() {
            let matched_terms = phrase
                .iter()
                .filter(|&&t| (0..per_word.len()).any(|w| is(t, w)))
                .count();
            if i == 0 {
                name_pairs = adjacent_pairs(phrase);
                coverage = matched_terms as f32 / phrase.len().max(1) as f32;
                continue;
            }
            keyword_pairs = keyword_pairs.max(adjacent_pairs(phrase));
            // A keyword phrase wholly inside the query is the editor anticipating this very query
            // ("subsídio de funeral"); it counts by the share of the query it accounts for.
            if matched_terms == phrase.len() && !phrase.is_empty() {
                let query_words = (0..per_word.len())
                    .filter(|&w| phrase.iter().any(|&t| is(t, w)))
                    .count();
                keyword_phrase = keyword_phrase.max(query_words as f32 / words);
            }
        }
        1.0 + bonus::NAME_PAIR * name_pairs
            + bonus::KEYWORD_PAIR * keyword_pairs
            + bonus::KEYWORD_PHRASE * keyword_phrase
            + bonus::NAME_COVERAGE * coverage
    }

    /// The vocabulary words a query word may stand for, with the quality of each match.
    fn candidates(&self, word: &str, prefix: bool) -> Vec<(u32, f32)> {
        // The same term may be found several ways (exactly and as a prefix); duplicates are merged at
        // the end, keeping the best quality.
        let mut out: Vec<(u32, f32)> = Vec::new();
        if let Some(&id) = self.by_word.get(word) {
            out.push((id, quality::EXACT));
        }
        let chars: Vec<char> = word.chars().collect();
        let max_typos = match chars.len() {
            n if n >= MIN_LEN_TWO_TYPOS => 2,
            n if n >= MIN_LEN_ONE_TYPO => 1,
            _ => 0,
        };
        if max_typos > 0 {
            let lo = chars.len().saturating_sub(max_typos);
            let hi = chars.len() + max_typos;
            let mask = distance::letter_mask(&chars);
            for bucket in self.by_len.iter().take(hi + 1).skip(lo) {
                for &id in bucket {
                    let Some(t) = self.terms.get(id as usize) else {
                        continue;
                    };
                    if !distance::masks_allow(mask, t.mask, max_typos) {
                        continue;
                    }
                    match distance::within(&chars, &t.chars, max_typos) {
                        Some(1) => out.push((id, quality::ONE_TYPO)),
                        Some(2) => out.push((id, quality::TWO_TYPOS)),
                        _ => {}
                    }
                }
            }
        }
        if prefix && chars.len() >= MIN_PREFIX_LEN {
            let start = self.sorted.partition_point(|(w, _)| w.as_str() < word);
            for (w, id) in self.sorted.iter().skip(start).take(MAX_PREFIX_EXPANSION) {
                if !w.starts_with(word) {
                    break;
                }
                out.push((*id, quality::PREFIX));
            }
        }
        // Synonyms of whatever matched exactly or by prefix (not of typo guesses: one guess is enough).
        let direct: Vec<(u32, f32)> = out
            .iter()
            .copied()
            .filter(|(_, q)| *q >= quality::PREFIX)
            .collect();
        for (id, q) in direct {
            if let Some(group) = self.synonyms.get(&id) {
                for &other in group {
                    out.push((other, quality::SYNONYM * q));
                }
            }
        }
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        out.dedup_by_key(|(id, _)| *id);
        out
    }
}
