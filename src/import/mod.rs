//! Published reports back into data files: readers turn each input form into [`blocks::Blocks`].
pub mod blocks;
pub mod pdf;
