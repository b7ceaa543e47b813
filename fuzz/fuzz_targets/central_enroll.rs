//! libFuzzer entry of the `central_enroll` target: the logic and its invariants are `balcao_fuzz::central_enroll`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::central_enroll(data));
