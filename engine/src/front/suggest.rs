//! "Did you mean …?": the known name nearest to a misspelt one, by edit distance, for the
//! hints of E001 (unknown passage) and E004 (unknown variable). Not a spelling checker: a name
//! is suggested only when it is close (at most a third of its letters differ).

/// The known name nearest to `name`, if one is close enough; ties go to the first in sorted
/// order, so the hint does not depend on hash order.
pub(crate) fn nearest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        if k == name {
            continue;
        }
        let d = distance(name, k);
        if d <= limit && best.is_none_or(|(bd, bk)| (d, k) < (bd, bk)) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Levenshtein distance over characters (one row of the table at a time).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        let known = ["evidence", "stress", "skill", "c.note"];
        assert_eq!(nearest("evidance", known), Some("evidence"));
        assert_eq!(nearest("stres", known), Some("stress"));
        assert_eq!(nearest("c.nope", known), Some("c.note"));
        assert_eq!(nearest("budget", known), None);
        assert_eq!(nearest("skil", known), Some("skill"));
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
