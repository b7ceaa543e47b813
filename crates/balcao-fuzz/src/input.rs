//! Reading a fuzzer's bytes as the structured inputs some targets need: a stream of small numbers and
//! strings, and a text that holds several catalogue files in layers.
//!
//! Both readings accept every input (a short input just reads as zeros and empty strings), so no input
//! is wasted on a format error of the harness itself, and both are plain text where they can be, so
//! seeds are files a person can read and write.

use std::collections::BTreeMap;

/// Reads numbers and strings off the front of the fuzzer's bytes; past the end it reads zeros.
pub(crate) struct Bytes<'a> {
    rest: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { rest: data }
    }

    /// The next byte, or 0.
    pub(crate) fn byte(&mut self) -> u8 {
        match self.rest.split_first() {
            Some((first, rest)) => {
                self.rest = rest;
                *first
            }
            None => 0,
        }
    }

    /// The next `N` bytes, zero-padded.
    pub(crate) fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for slot in &mut out {
            *slot = self.byte();
        }
        out
    }

    /// A string of at most `max` bytes: a length byte, then that many bytes read as UTF-8 (lossily).
    pub(crate) fn string(&mut self, max: usize) -> String {
        let len = usize::from(self.byte()) % (max + 1);
        let take = len.min(self.rest.len());
        let (text, rest) = self.rest.split_at(take);
        self.rest = rest;
        String::from_utf8_lossy(text).into_owned()
    }
}

/// The layers of catalogue files written in one text. A line `>>> <path>` starts a file (its path
/// relative to the catalogue folder, `entities/imt.toml`); a line starting with `===` starts the next
/// layer (a site folder over the one before); lines before the first `>>>` of a layer are ignored.
/// Within a layer a path given twice keeps its last text, as a bundle's JSON object would.
pub(crate) fn layers(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut layers = vec![BTreeMap::new()];
    let mut current: Option<(String, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix(">>> ") {
            if let (Some((path, body)), Some(layer)) = (current.take(), layers.last_mut()) {
                layer.insert(path, body);
            }
            current = Some((path.trim_end_matches(['\n', '\r']).to_owned(), String::new()));
        } else if line.starts_with("===") {
            if let (Some((path, body)), Some(layer)) = (current.take(), layers.last_mut()) {
                layer.insert(path, body);
            }
            layers.push(BTreeMap::new());
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
        }
    }
    if let (Some((path, body)), Some(layer)) = (current, layers.last_mut()) {
        layer.insert(path, body);
    }
    layers
}

/// The inverse of [`layers`], for seeds and regression tests: each layer's files under `>>>` lines.
pub fn write_layers(layers: &[BTreeMap<String, String>]) -> String {
    let mut out = String::new();
    for (i, layer) in layers.iter().enumerate() {
        if i > 0 {
            out.push_str("===\n");
        }
        for (path, text) in layer {
            out.push_str(">>> ");
            out.push_str(path);
            out.push('\n');
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}
