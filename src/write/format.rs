//! The output formats: their names on the command line and in file names, and the writer of each.
//! Only names and dispatch live here; how a format lays out a document is its writer's module.

use std::path::Path;

use super::{DocxWriter, HtmlWriter, MarkdownWriter, TypstWriter, Writer};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Html,
    Docx,
    Typst,
    Pdf,
}

impl Format {
    /// Every format, in the order outputs are listed.
    pub const ALL: [Format; 5] = [Format::Markdown, Format::Html, Format::Docx, Format::Typst, Format::Pdf];

    /// The file extension (without dot).
    pub fn extension(self) -> &'static str {
        self.names()[0]
    }

    /// The names `-f` and file extensions accept, lower case, the extension first.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Docx => &["docx"],
            Format::Typst => &["typ", "typst"],
            Format::Pdf => &["pdf"],
        }
    }

    /// Parses a `-f` value or an extension, in any case: one of the [`Format::names`] of a format of
    /// [`Format::ALL`] (`md`, `markdown`, `html`, `htm`, `docx`, `typ`, `typst`, `pdf`).
    pub fn parse(s: &str) -> Option<Format> {
        let s = s.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.names().contains(&s.as_str()))
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(Format::parse)
    }

    /// The writer of a format that needs nothing but the document and its setup; `None` for PDF,
    /// whose writer holds the fonts loaded once per process (see `Renderer::pdf`).
    pub fn writer(self) -> Option<&'static dyn Writer> {
        match self {
            Format::Markdown => Some(&MarkdownWriter),
            Format::Html => Some(&HtmlWriter),
            Format::Docx => Some(&DocxWriter),
            Format::Typst => Some(&TypstWriter),
            Format::Pdf => None,
        }
    }
}

/// A format is its extension in JSON (`"pdf"`), as on the command line.
impl serde::Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_to_its_format_and_names_are_unique() {
        let mut seen = Vec::new();
        for format in Format::ALL {
            for name in format.names() {
                assert_eq!(Format::parse(name), Some(format));
                assert_eq!(Format::parse(&name.to_ascii_uppercase()), Some(format));
                assert!(!seen.contains(name), "{name} names two formats");
                seen.push(name);
            }
        }
        assert_eq!(Format::parse("doc"), None);
        assert_eq!(Format::from_path(Path::new("报告.PDF")), Some(Format::Pdf));
    }
}
