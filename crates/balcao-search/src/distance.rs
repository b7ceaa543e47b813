//! Bounded edit distance, the heart of typo tolerance.
//!
//! A mediator's typo is usually one slip: a letter missing (`regsto`), doubled, wrong, or two letters
//! swapped (`regsito`). The optimal-string-alignment distance counts each of those as one edit. We only
//! ever ask "is it within 1 (or 2)?", so the computation stops as soon as every cell of a row exceeds
//! the bound: most vocabulary words are rejected after two or three rows. Before that, [`letter_mask`]
//! rejects most words without any table at all: one edit changes at most two bits of the set of letters
//! a word contains, so two words whose sets differ by more than `2 × max` bits cannot be close. The
//! table lives on the stack (words longer than [`MAX_WORD`] are never typo-matched), so a query does
//! not allocate per comparison.

/// The longest word typo matching considers; longer ones only match exactly or by prefix.
pub const MAX_WORD: usize = 48;

/// The set of letters and digits in a word, one bit each (anything else shares one bit).
pub fn letter_mask(word: &[char]) -> u64 {
    word.iter().fold(0u64, |m, c| {
        let bit = match c {
            'a'..='z' => *c as u32 - 'a' as u32,
            '0'..='9' => 26 + (*c as u32 - '0' as u32),
            _ => 63,
        };
        m | (1u64 << bit)
    })
}

/// Whether two words' letter sets allow them to be within `max` edits (a necessary condition only).
pub fn masks_allow(a: u64, b: u64, max: usize) -> bool {
    (a ^ b).count_ones() as usize <= 2 * max
}

/// The optimal-string-alignment distance between `a` and `b` if it is at most `max`, else `None`.
pub fn within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max || a.len() > MAX_WORD || b.len() > MAX_WORD {
        return None;
    }
    let n = b.len();
    // Three rows on the stack: two back (for transpositions), one back, current.
    let mut prev2 = [0usize; MAX_WORD + 1];
    let mut prev = [0usize; MAX_WORD + 1];
    let mut cur = [0usize; MAX_WORD + 1];
    for (j, cell) in prev.iter_mut().enumerate().take(n + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        within(&a, &b, max)
    }

    #[test]
    fn counts_the_usual_slips_as_one_edit() {
        assert_eq!(d("registo", "registo", 1), Some(0));
        assert_eq!(d("regsito", "registo", 1), Some(1)); // swap
        assert_eq!(d("regsto", "registo", 1), Some(1)); // missing
        assert_eq!(d("reggisto", "registo", 1), Some(1)); // doubled
        assert_eq!(d("regusto", "registo", 1), Some(1)); // wrong
        assert_eq!(d("rgsito", "registo", 1), None);
        assert_eq!(d("rgsito", "registo", 2), Some(2));
        assert_eq!(d("carta", "morada", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
    }

    #[test]
    fn the_letter_mask_never_rejects_a_close_pair() {
        let pairs = [
            ("registo", "regsito"),
            ("carta", "cartas"),
            ("morada", "mrada"),
            ("adse", "asde"),
            ("via", "vai"),
        ];
        for (a, b) in pairs {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let d = within(&ac, &bc, 2).unwrap();
            assert!(masks_allow(letter_mask(&ac), letter_mask(&bc), d), "{a} / {b}");
        }
        let (a, b): (Vec<char>, Vec<char>) = ("carta".chars().collect(), "muxiq".chars().collect());
        assert!(!masks_allow(letter_mask(&a), letter_mask(&b), 1));
    }

    #[test]
    fn words_longer_than_the_limit_are_not_typo_matched() {
        let long: Vec<char> = "a".repeat(MAX_WORD + 1).chars().collect();
        assert_eq!(within(&long, &long, 1), None);
        let ok: Vec<char> = "a".repeat(MAX_WORD).chars().collect();
        assert_eq!(within(&ok, &ok, 1), Some(0));
    }

    #[test]
    fn agrees_with_a_plain_implementation() {
        // A full-matrix OSA distance, to check the bounded one on many pairs.
        fn full(a: &[char], b: &[char]) -> usize {
            let mut m = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in m.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in m[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    m[i][j] = (m[i - 1][j] + 1).min(m[i][j - 1] + 1).min(m[i - 1][j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        m[i][j] = m[i][j].min(m[i - 2][j - 2] + 1);
                    }
                }
            }
            m[a.len()][b.len()]
        }
        let words = [
            "carta", "cartao", "crata", "morada", "mrada", "adse", "ades", "registo", "regsito", "via",
            "iva", "",
        ];
        for a in words {
            for b in words {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let want = full(&ac, &bc);
                for max in 0..3 {
                    assert_eq!(
                        within(&ac, &bc, max),
                        (want <= max).then_some(want),
                        "{a} / {b} / {max}"
                    );
                }
            }
        }
    }
}
