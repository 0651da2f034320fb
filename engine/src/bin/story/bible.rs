//! The story's own bible (`BIBLE.md` in the story folder), read for its seed tags: every table
//! row whose first cell is a tag in backticks, `| `seed:…` | what it means |`, so `story stats`
//! can say which are still unused. Neither the CLI nor the engine names any story: a folder
//! without a bible (or a bible without such rows) has no seed-tag coverage.

/// The bible's file name, in the story folder.
pub const FILE: &str = "BIBLE.md";

/// The seed tags of a bible, in its order, each once.
pub fn seed_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for line in text.lines() {
        let Some(row) = line.trim().strip_prefix('|') else {
            continue;
        };
        let first = row.split('|').next().unwrap_or("").trim();
        let Some(tag) = first.strip_prefix('`').and_then(|t| t.strip_suffix('`')) else {
            continue;
        };
        if tag.starts_with("seed:") && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_cell_of_table_rows() {
        let text = "# Bible\n\n| tag | seed section |\n|---|---|\n| `seed:a` | the opening |\n\
                    | `seed:b` | more |\n| `seed:a` | again |\n| `other` | x |\n\
                    Text naming `seed:c` is not a row.\n";
        assert_eq!(seed_tags(text), ["seed:a", "seed:b"]);
    }
}
