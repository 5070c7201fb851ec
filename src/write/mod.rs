//! Writers: one [`crate::doc::Document`] to each output format.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod typst;
