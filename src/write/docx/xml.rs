//! A small writer of XML markup into a `String`: elements open, close or empty, attributes and text
//! escaped with [`crate::write::escape_xml`]. Callers write children in the order the schema wants;
//! nothing is parsed or rearranged afterwards.

use std::fmt::Write as _;

/// An attribute value: text (escaped) or a whole number.
#[derive(Clone, Copy)]
pub(super) enum Val<'a> {
    Str(&'a str),
    Int(i64),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(s: &'a str) -> Self {
        Val::Str(s)
    }
}

macro_rules! int_val {
    ($($t:ty),*) => {$(
        impl From<$t> for Val<'_> {
            fn from(n: $t) -> Self {
                Val::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_val!(i32, u32, usize, u8);

/// Markup being written. Empty elements are written `<tag />`, as Word itself reads and writes.
pub(super) struct Xml(String);

impl Xml {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Xml(String::with_capacity(bytes))
    }

    /// Markup known to be well-formed (namespace declarations, prepared properties).
    pub(super) fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// `<tag a="v" …>`.
    pub(super) fn open(&mut self, tag: &str, attrs: &[(&str, Val)]) -> &mut Self {
        self.start(tag, attrs);
        self.0.push('>');
        self
    }

    /// `<tag a="v" … />`.
    pub(super) fn empty(&mut self, tag: &str, attrs: &[(&str, Val)]) -> &mut Self {
        self.start(tag, attrs);
        self.0.push_str(" />");
        self
    }

    /// `<tag w:val="v" />`, the common shape of a property.
    pub(super) fn val<'a>(&mut self, tag: &str, v: impl Into<Val<'a>>) -> &mut Self {
        self.empty(tag, &[("w:val", v.into())])
    }

    pub(super) fn close(&mut self, tag: &str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Character data, escaped; characters XML 1.0 cannot carry are dropped.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        crate::write::escape_xml(s, &mut self.0);
        self
    }

    /// Formatted text known to need no escaping (numbers, ids).
    pub(super) fn fmt(&mut self, args: std::fmt::Arguments) -> &mut Self {
        let _ = self.0.write_fmt(args);
        self
    }

    pub(super) fn finish(self) -> String {
        self.0
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, Val)]) {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            match value {
                // A parser reads a tab or line break in an attribute as a space: write it so.
                Val::Str(s) if s.contains(['\n', '\t']) => {
                    crate::write::escape_xml(&s.replace(['\n', '\t'], " "), &mut self.0);
                }
                Val::Str(s) => crate::write::escape_xml(s, &mut self.0),
                Val::Int(n) => {
                    let _ = write!(self.0, "{n}");
                }
            }
            self.0.push('"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_numbers_written_plainly() {
        let mut x = Xml::with_capacity(64);
        x.open("w:p", &[("w14:paraId", "a\"<b>\n".into())])
            .val("w:sz", 32usize)
            .raw("<w:t>")
            .text("x < y & \u{1}z")
            .raw("</w:t>")
            .close("w:p");
        assert_eq!(
            x.finish(),
            r#"<w:p w14:paraId="a&quot;&lt;b&gt; "><w:sz w:val="32" /><w:t>x &lt; y &amp; z</w:t></w:p>"#
        );
    }
}
