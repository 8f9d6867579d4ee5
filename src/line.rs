//! The wizard's own one-line text prompt, drawn with the same look as
//! dialoguer's. It exists because dialoguer's leaves a stale copy of a
//! prompt whose answer wraps (its issue #295), clears what was typed when a
//! check fails, and knows neither Ctrl-U nor Ctrl-W. This one redraws every
//! row it used, however many the answer wraps onto; keeps the text that
//! failed its check, with the reason on the rows under it; and edits the
//! way a shell does.

use std::io;

use console::{Key, Term, measure_text_width};

/// Set by the wizard's SIGINT handler: a Ctrl-C that arrived as a signal,
/// which the next key read takes as the key it stands for.
pub static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
use dialoguer::theme::{ColorfulTheme, Theme};

/// How a text prompt ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Enter, with text the check accepted.
    Entered(String),
    /// Esc: the person wants the previous question.
    Back,
    /// Ctrl-C.
    Stop,
    /// Ctrl-\\: stop as SIGQUIT does.
    Quit,
}

/// What is being typed, and where the cursor is in it (in characters).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Edit {
    chars: Vec<char>,
    cursor: usize,
}

/// What a key did to the text.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// The text or the cursor moved.
    Edited,
    /// Nothing to do.
    Ignored,
    Enter,
    Back,
    Stop,
    /// Ctrl-\\ (the terminal's quit key, read as a key in raw mode).
    Quit,
}

impl Edit {
    pub fn new(text: &str) -> Edit {
        let chars: Vec<char> = text.chars().collect();
        Edit {
            cursor: chars.len(),
            chars,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    fn before_cursor(&self) -> String {
        self.chars[..self.cursor].iter().collect()
    }

    /// Where the word before the cursor starts, spaces after it included.
    fn word_start(&self) -> usize {
        let mut start = self.cursor;
        while start > 0 && self.chars[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && self.chars[start - 1] != ' ' {
            start -= 1;
        }
        start
    }

    /// Where the word after the cursor ends, spaces before it included.
    fn word_end(&self) -> usize {
        let mut end = self.cursor;
        while end < self.chars.len() && self.chars[end] == ' ' {
            end += 1;
        }
        while end < self.chars.len() && self.chars[end] != ' ' {
            end += 1;
        }
        end
    }

    /// Applies one key, as a shell's line editor does.
    pub fn apply(&mut self, key: &Key) -> Change {
        match key {
            Key::Enter => return Change::Enter,
            Key::Escape => return Change::Back,
            Key::CtrlC => return Change::Stop,
            Key::UnknownEscSeq(seq) => {
                let seq: String = seq.iter().collect();
                match seq.as_str() {
                    // Ctrl or Alt with an arrow; Alt-b, Alt-f.
                    "[1;5D" | "[1;3D" | "[5D" | "b" => self.cursor = self.word_start(),
                    "[1;5C" | "[1;3C" | "[5C" | "f" => self.cursor = self.word_end(),
                    // Alt-Backspace, and Alt-d (the word after).
                    "\u{7f}" | "\u{8}" => {
                        let start = self.word_start();
                        self.chars.drain(start..self.cursor);
                        self.cursor = start;
                    }
                    "d" => {
                        let end = self.word_end();
                        self.chars.drain(self.cursor..end);
                    }
                    // Function keys and the like do nothing.
                    _ => return Change::Ignored,
                }
            }
            // Ctrl-U: everything before the cursor goes.
            Key::Char('\u{15}') => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            // Ctrl-W: the word before the cursor goes, with the spaces after it.
            Key::Char('\u{17}') => {
                let start = self.word_start();
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            // Ctrl-K: everything after the cursor goes.
            Key::Char('\u{b}') => {
                self.chars.truncate(self.cursor);
            }
            // Ctrl-B, Ctrl-F: a character back and forward, as arrows.
            Key::Char('\u{2}') if self.cursor > 0 => self.cursor -= 1,
            Key::Char('\u{6}') if self.cursor < self.chars.len() => self.cursor += 1,
            // Ctrl-\\: stops the wizard as the terminal's quit key does.
            Key::Char('\u{1c}') => return Change::Quit,
            Key::Char(c) if !c.is_control() => {
                self.chars.insert(self.cursor, *c);
                self.cursor += 1;
            }
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Key::Del if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            Key::ArrowLeft if self.cursor > 0 => self.cursor -= 1,
            Key::ArrowRight if self.cursor < self.chars.len() => self.cursor += 1,
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = self.chars.len(),
            _ => return Change::Ignored,
        }
        Change::Edited
    }
}

/// Reads one key with console's decoder, and reads the rest of an escape
/// sequence it leaves part-read (function keys, keys with Ctrl or Alt,
/// the keypad's), so that none of it is taken for typing: console returns
/// the first characters of a sequence it does not know and leaves the rest
/// to be read as keys. The whole sequence comes back as one
/// `UnknownEscSeq`, without its Esc; `Edit::apply` knows the ones that move
/// or delete by word and ignores the others.
pub fn read_key(term: &Term) -> io::Result<Key> {
    // A Ctrl-C typed while the terminal was between keys (out of raw mode)
    // came as a signal, not a key: it is the key all the same.
    if INTERRUPTED.swap(false, std::sync::atomic::Ordering::Relaxed) {
        return Ok(Key::CtrlC);
    }
    let key = term.read_key_raw()?;
    let Key::UnknownEscSeq(mut seq) = key else {
        return Ok(key);
    };
    // A CSI of one final byte console does not know ("[E", the keypad's
    // 5): console has read one character past it, the start of what
    // came next. An Esc there starts the next sequence, read here; any
    // other character is the next key.
    if let ['[', c2, c3] = seq[..]
        && ('@'..='~').contains(&c2)
        && c2 != '['
    {
        if c3 != '\u{1b}' {
            return Ok(Key::Char(c3));
        }
        seq.clear();
        match term.read_key_raw()? {
            Key::Char(c) => seq.push(c),
            other => return Ok(other),
        }
    }
    while !complete(&seq) {
        match term.read_key_raw()? {
            Key::Char(c) => seq.push(c),
            // Not part of a sequence after all (a person typing Esc then
            // a key): what was read is dropped, the key is kept.
            other => return Ok(other),
        }
    }
    Ok(match seq.as_slice() {
        // SS3, as the keypad and F1–F4 send it: the arrows, Home and End.
        ['O', 'A'] => Key::ArrowUp,
        ['O', 'B'] => Key::ArrowDown,
        ['O', 'C'] => Key::ArrowRight,
        ['O', 'D'] => Key::ArrowLeft,
        ['O', 'H'] => Key::Home,
        ['O', 'F'] => Key::End,
        _ => Key::UnknownEscSeq(seq),
    })
}

/// Whether an escape sequence (without its Esc) is whole: a CSI (`[`)
/// ends with a byte from `@` to `~` after its parameters, as the Linux
/// console's `[[A` does after a second `[`; an SS3 (`O`) with the
/// character after it; anything else (Alt and a key) at once.
fn complete(seq: &[char]) -> bool {
    match seq {
        ['['] | ['O'] => false,
        ['[', '['] => false,
        ['[', '[', _, ..] => true,
        ['[', rest @ ..] => rest.last().is_some_and(|c| ('@'..='~').contains(c)),
        _ => true,
    }
}

/// Where things fall on the screen for a prompt row of `width` columns
/// and the cursor `at` columns into it, in a terminal `cols` wide: the
/// rows the prompt takes, and the cursor's row and column. A row filled
/// to the last column leaves the cursor on the next one, as typing does.
pub fn layout(width: usize, at: usize, cols: usize) -> (usize, usize, usize) {
    let cols = cols.max(1);
    (width / cols + 1, at / cols, at % cols)
}

/// Asks for one line of text on `term`, starting from `initial`, until
/// `check` accepts it (its reason is shown under the text, which stays).
pub fn read_line(
    term: &Term,
    theme: &ColorfulTheme,
    prompt: &str,
    initial: &str,
    check: impl Fn(&str) -> Result<(), String>,
) -> io::Result<Outcome> {
    let mut edit = Edit::new(initial);
    let mut error: Option<String> = None;
    // Where the last drawing left the cursor, so that a redraw can go back
    // to the prompt's first row.
    let mut drawn = Drawn::default();
    loop {
        drawn = draw(term, theme, prompt, &edit, error.as_deref(), &drawn)?;
        let key = read_key(term)?;
        let outcome = match edit.apply(&key) {
            Change::Edited => {
                error = None;
                continue;
            }
            Change::Ignored => continue,
            Change::Enter => match check(&edit.text()) {
                Ok(()) => Outcome::Entered(edit.text()),
                Err(reason) => {
                    error = Some(reason);
                    continue;
                }
            },
            Change::Back => Outcome::Back,
            Change::Stop => Outcome::Stop,
            Change::Quit => Outcome::Quit,
        };
        match outcome {
            // The answer's report is written where the prompt was; going
            // back, the question is asked again further down.
            Outcome::Entered(_) | Outcome::Back => erase(term, &drawn)?,
            // Stopping, what was typed and why it was refused stay in view.
            Outcome::Stop | Outcome::Quit => {
                term.move_cursor_down(drawn.last_row - drawn.cursor_row)?;
                term.write_str("\r\n")?;
                term.flush()?;
            }
        }
        return Ok(outcome);
    }
}

/// Erases the last drawing: from the prompt's first row down, where the
/// terminal is the width it was drawn at. A terminal resized since may
/// have rewrapped the prompt's rows (tmux and most terminals do, xterm
/// does not), so that they cannot be counted back: the screen is cleared
/// and the prompt drawn afresh at its top, rather than leave a copy of it.
fn erase(term: &Term, drawn: &Drawn) -> io::Result<()> {
    if drawn.cols == 0 || drawn.cols == columns(term) {
        return clear(term, drawn.cursor_row);
    }
    term.clear_screen()?;
    term.flush()
}

/// The terminal's width, in columns.
fn columns(term: &Term) -> usize {
    usize::from(term.size().1).max(1)
}

/// Goes back to the prompt's first row and clears it and everything below.
fn clear(term: &Term, cursor_row: usize) -> io::Result<()> {
    term.move_cursor_up(cursor_row)?;
    term.write_str("\r")?;
    term.clear_to_end_of_screen()?;
    term.flush()
}

/// Rows of a drawing, counted from its first.
#[derive(Default)]
struct Drawn {
    /// The row the cursor was left on.
    cursor_row: usize,
    /// The last row written.
    last_row: usize,
    /// The terminal's width when it was drawn (0 before the first drawing).
    cols: usize,
}

/// Draws the prompt and the text (and a reason under it), and puts the
/// cursor where typing goes.
fn draw(
    term: &Term,
    theme: &ColorfulTheme,
    prompt: &str,
    edit: &Edit,
    error: Option<&str>,
    drawn: &Drawn,
) -> io::Result<Drawn> {
    let cols = columns(term);
    let mut head = String::new();
    let _ = theme.format_input_prompt(&mut head, prompt, None);
    let shown = crate::answers::visible(&edit.text());
    let line = format!("{head}{shown}");
    let width = measure_text_width(&line);
    let at = measure_text_width(&head)
        + measure_text_width(&crate::answers::visible(&edit.before_cursor()));
    let (rows, row, col) = layout(width, at, cols);

    erase(term, drawn)?;
    term.write_str(&line)?;
    if width > 0 && width.is_multiple_of(cols) {
        // Move off a full last row onto the next, as the cursor would.
        term.write_str(" \r")?;
    }
    let mut below = 0;
    if let Some(reason) = error {
        let mut text = String::new();
        let _ = theme.format_error(&mut text, reason);
        for piece in
            crate::wrap::wrap(&text, cols.saturating_sub(1).max(1), measure_text_width).lines()
        {
            term.write_str("\r\n")?;
            term.write_str(piece)?;
            below += 1;
        }
    }
    // From the last row written back to the cursor's place.
    term.move_cursor_up(rows - 1 - row + below)?;
    term.write_str("\r")?;
    term.move_cursor_right(col)?;
    term.flush()?;
    Ok(Drawn {
        cursor_row: row,
        last_row: rows - 1 + below,
        cols,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ctrl_c_that_came_as_a_signal_is_the_next_key_read_once() {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
        let term = Term::stdout();
        assert_eq!(read_key(&term).unwrap(), Key::CtrlC);
        // Taken once: the next read goes to the terminal (none here).
        assert!(!matches!(read_key(&term), Ok(Key::CtrlC)));
    }

    fn typed(start: &str, keys: &[Key]) -> (String, usize) {
        let mut e = Edit::new(start);
        for k in keys {
            e.apply(k);
        }
        (e.text(), e.cursor)
    }

    #[test]
    fn keys_edit_the_line_as_a_shell_does() {
        use Key::*;
        assert_eq!(typed("", &[Char('a'), Char('b')]), ("ab".into(), 2));
        assert_eq!(typed("abc", &[ArrowLeft, Backspace]), ("ac".into(), 1));
        assert_eq!(typed("abc", &[Home, Del]), ("bc".into(), 0));
        assert_eq!(
            typed("abc", &[Home, ArrowRight, Char('x')]),
            ("axbc".into(), 2)
        );
        assert_eq!(
            typed("abc", &[ArrowLeft, End, Char('d')]),
            ("abcd".into(), 4)
        );
        // Ctrl-U clears what is before the cursor; Ctrl-W the word before it.
        assert_eq!(typed("one two", &[Char('\u{15}')]), ("".into(), 0));
        assert_eq!(
            typed(
                "one two",
                &[ArrowLeft, ArrowLeft, ArrowLeft, Char('\u{15}')]
            ),
            ("two".into(), 0)
        );
        assert_eq!(typed("one two  ", &[Char('\u{17}')]), ("one ".into(), 4));
        assert_eq!(
            typed("one", &[Char('\u{17}'), Char('\u{17}')]),
            ("".into(), 0)
        );
        // Control characters are not typed; nothing happens at the ends.
        assert_eq!(
            typed("a", &[Char('\u{1b}'), Char('\u{7}'), ArrowRight, Del]),
            ("a".into(), 1)
        );
        assert_eq!(typed("a", &[Home, Backspace, ArrowLeft]), ("a".into(), 0));
    }

    #[test]
    fn ctrl_and_alt_keys_move_and_delete_by_word_and_others_do_nothing() {
        use Key::*;
        let seq = |s: &str| Key::UnknownEscSeq(s.chars().collect());
        assert_eq!(typed("one two", &[seq("[1;5D")]), ("one two".into(), 4));
        assert_eq!(
            typed("one two", &[seq("b"), seq("b")]),
            ("one two".into(), 0)
        );
        assert_eq!(
            typed("one two", &[Home, seq("[1;5C")]),
            ("one two".into(), 3)
        );
        assert_eq!(
            typed("one two", &[Home, seq("f"), seq("f")]),
            ("one two".into(), 7)
        );
        assert_eq!(typed("one two", &[seq("\u{7f}")]), ("one ".into(), 4));
        assert_eq!(typed("one two", &[Home, seq("d")]), (" two".into(), 0));
        assert_eq!(typed("one two", &[Home, Char('\u{b}')]), ("".into(), 0));
        assert_eq!(
            typed("ab", &[Char('\u{2}'), Char('\u{2}'), Char('\u{6}')]),
            ("ab".into(), 1)
        );
        let mut e = Edit::new("x");
        for s in ["[15~", "[24~", "OP", "[1;2P", "[[A", "[2~"] {
            assert_eq!(e.apply(&seq(s)), Change::Ignored, "{s}");
        }
        assert_eq!(e.apply(&Char('\u{1c}')), Change::Quit);
        assert_eq!(e.text(), "x");
    }

    #[test]
    fn a_sequence_is_whole_at_its_final_byte() {
        let c = |s: &str| complete(&s.chars().collect::<Vec<_>>());
        assert!(!c("["));
        assert!(!c("O"));
        assert!(!c("[["));
        assert!(c("[[A"));
        // The Linux console's F1–F5 are `[[` and one character, whatever
        // it is: no more is read as part of them.
        assert!(c("[[1"));
        assert!(!c("[1;"));
        assert!(!c("[15"));
        assert!(c("[15~"));
        assert!(c("[1;5D"));
        assert!(c("b"));
        assert!(c("OP"));
    }

    #[test]
    fn enter_escape_and_ctrl_c_end_the_line() {
        let mut e = Edit::new("x");
        assert_eq!(e.apply(&Key::Enter), Change::Enter);
        assert_eq!(e.apply(&Key::Escape), Change::Back);
        assert_eq!(e.apply(&Key::CtrlC), Change::Stop);
        assert_eq!(e.apply(&Key::Tab), Change::Ignored);
        assert_eq!(e.text(), "x");
    }

    #[test]
    fn the_cursor_row_counts_every_wrapped_row() {
        // 10 columns into a 10-column row: the cursor is on the next row.
        assert_eq!(layout(10, 10, 10), (2, 1, 0));
        assert_eq!(layout(9, 9, 10), (1, 0, 9));
        assert_eq!(layout(25, 3, 10), (3, 0, 3));
        assert_eq!(layout(25, 25, 10), (3, 2, 5));
        assert_eq!(layout(0, 0, 80), (1, 0, 0));
    }
}
