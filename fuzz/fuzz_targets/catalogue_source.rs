//! libFuzzer entry of the `catalogue_source` target: the logic and its invariants are `balcao_fuzz::catalogue_source`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::catalogue_source(data));
