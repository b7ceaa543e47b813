//! Bounded edit distance, the heart of typo tolerance.
//!
//! A mediator's typo is usually one slip: a letter missing (`regsto`), doubled, wrong, or two letters
//! swapped (`regsito`). The optimal-string-alignment distance counts each of those as one edit. We only
//! ever ask "is it within 1 (or 2)?", so the computation stops as soon as every cell of a row exceeds
//! the bound: most vocabulary words are rejected after two or three rows, which keeps a query well under
//! a millisecond on the whole catalogue.

/// The optimal-string-alignment distance between `a` and `b` if it is at most `max`, else `None`.
pub fn within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let n = b.len();
    // Three rows: two back (for transpositions), one back, current.
    let mut prev2: Vec<usize> = vec![0; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
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
