//! libFuzzer entry of the `central_signing_key` target: the logic and its invariants are `balcao_fuzz::central_signing_key`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::central_signing_key(data));
