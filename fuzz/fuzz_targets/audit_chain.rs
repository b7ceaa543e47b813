//! libFuzzer entry of the `audit_chain` target: the logic and its invariants are `balcao_fuzz::audit_chain`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| balcao_fuzz::audit_chain(data));
