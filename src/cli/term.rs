//! Everything the command line prints goes through [`Shown`]: a data file, a file name or an
//! argument may hold control characters (`ESC [2J` clears the screen, `ESC ]0;…BEL` retitles the
//! window, `\r` overwrites a line so that a file can fake “全部通过”), and a terminal obeys them.
//! They are shown escaped instead; so are the bidirectional controls that reorder what is read.

use std::io::{self, Write};

/// How an escaped character is spelled.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    /// Rust's spelling, as a person reads it: `\u{1b}`, `\r`.
    Text,
    /// JSON's: `\u001b`. serde_json already escapes C0 controls; what is left (C1 controls, bidi)
    /// only occurs inside strings, where the escape stands for the same character.
    Json,
}

/// A writer that passes text through with its control characters escaped (newline and tab kept).
pub struct Shown<W: Write> {
    inner: W,
    style: Style,
    /// The start of a character split across two writes.
    pending: Vec<u8>,
}

/// Standard output, escaped as text.
pub fn stdout() -> Shown<io::StdoutLock<'static>> {
    Shown::new(io::stdout().lock(), Style::Text)
}

/// Standard output for a JSON document.
pub fn stdout_json() -> Shown<io::StdoutLock<'static>> {
    Shown::new(io::stdout().lock(), Style::Json)
}

/// Standard error, escaped as text.
pub fn stderr() -> Shown<io::StderrLock<'static>> {
    Shown::new(io::stderr().lock(), Style::Text)
}

/// Whether a character must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character escaped.
pub fn escape(text: &str, style: Style) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if style == Style::Json {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            // `\r`, `\0` where Rust has a short name, else `\u{1b}`.
            let short: String = c.escape_debug().collect();
            if short.starts_with('\\') {
                out.push_str(&short);
            } else {
                out.extend(c.escape_unicode());
            }
        }
    }
    out
}

impl<W: Write> Shown<W> {
    pub fn new(inner: W, style: Style) -> Shown<W> {
        Shown { inner, style, pending: Vec::new() }
    }
}

impl<W: Write> Write for Shown<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::new();
        let mut rest = &self.pending[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    out.push_str(&escape(text, self.style));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    out.push_str(&escape(std::str::from_utf8(valid).unwrap_or_default(), self.style));
                    match e.error_len() {
                        // Not UTF-8 (never from our own text): shown as such, not passed raw.
                        Some(n) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            rest = &after[n..];
                        }
                        // A character cut by the end of this write: wait for the rest.
                        None => {
                            rest = after;
                            break;
                        }
                    }
                }
            }
        }
        self.pending = rest.to_vec();
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Shown<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.inner.write_all(char::REPLACEMENT_CHARACTER.to_string().as_bytes());
        }
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(pieces: &[&[u8]], style: Style) -> String {
        let mut out = Vec::new();
        {
            let mut w = Shown::new(&mut out, style);
            for p in pieces {
                w.write_all(p).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        let evil = "数据\u{1b}[2J\u{1b}]0;标题\u{7}\r全部通过\u{9b}31m\u{202e}\0\u{7f}\n\t下一行";
        assert_eq!(
            shown(&[evil.as_bytes()], Style::Text),
            "数据\\u{1b}[2J\\u{1b}]0;标题\\u{7}\\r全部通过\\u{9b}31m\\u{202e}\\0\\u{7f}\n\t下一行"
        );
        // Chinese text, emoji and joiners pass unchanged.
        let plain = "已检查 1 个文件：全部通过 👩\u{200d}💻「」\n";
        assert_eq!(shown(&[plain.as_bytes()], Style::Text), plain);
    }

    #[test]
    fn a_character_split_across_writes_is_still_seen() {
        // U+009B (a one-character CSI) is C2 9B in UTF-8; a write may end between the two bytes.
        let text = "甲\u{9b}乙".as_bytes();
        for cut in 0..text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(shown(&[a, b], Style::Text), "甲\\u{9b}乙", "cut at {cut}");
        }
        assert_eq!(shown(&[b"a\xff", b"b"], Style::Text), "a\u{fffd}b");
        assert_eq!(shown(&[&"甲".as_bytes()[..2]], Style::Text), "\u{fffd}");
    }

    #[test]
    fn json_stays_valid_and_means_the_same() {
        let value = serde_json::json!({ "键\u{1b}[2J\u{9b}": "值\r\u{202e}\u{7}" });
        let text = serde_json::to_string_pretty(&value).unwrap();
        let out = shown(&[text.as_bytes()], Style::Json);
        assert!(!out.chars().any(is_unsafe), "{out}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap(), value);
    }

    #[test]
    fn every_command_prints_through_this_module() {
        // Writing to the terminal directly would bypass the escaping.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name == "term.rs" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let direct =
                    ["print!", "println!", "eprint!", "eprintln!", "io::stdout()", "io::stderr().lock"];
                if direct.iter().any(|d| line.contains(d)) {
                    found.push(format!("src/cli/{name}:{}: {}", n + 1, line.trim()));
                }
            }
        }
        assert!(found.is_empty(), "print through cli::term:\n{}", found.join("\n"));
    }
}
