//! Wrapping text at spaces, for the wizard's screens and the help's list of
//! answers. Self-contained, so that build.rs can read it too; the caller
//! says how wide a word is (the wizard counts terminal columns).

/// Wraps each line of `text` at spaces to fit `width`, as `measure` counts
/// a word's width. A word wider than `width` stays whole on its own line.
pub fn wrap(text: &str, width: usize, measure: impl Fn(&str) -> usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width.max(1));
    for line in text.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (line, ""),
        };
        let mut used = 0;
        for (i, word) in content.split(' ').enumerate() {
            let w = measure(word);
            if i > 0 {
                if used + 1 + w > width && used > 0 {
                    out.push('\n');
                    used = 0;
                } else {
                    out.push(' ');
                    used += 1;
                }
            }
            out.push_str(word);
            used += w;
        }
        out.push_str(end);
    }
    out
}
