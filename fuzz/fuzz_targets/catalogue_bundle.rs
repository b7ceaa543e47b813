//! libFuzzer entry of the `catalogue_bundle` target: the logic and its invariants are `balcao_fuzz::catalogue_bundle`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::catalogue_bundle(data));
