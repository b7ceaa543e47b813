//! Training mode: practising the counter's work without writing anything that counts.
//!
//! AMA trains new mediators, and the network is checked by "cliente mistério"; neither may leave
//! real records, receipts or statistics behind. A counter in training mode (`balcao --training`, or a
//! supervisor's "Iniciar formação", which restarts the app so) works on a database of its own under
//! the data directory's `formacao` folder, starts no sync worker (so nothing it records can reach the
//! central server), numbers its receipts in a series of its own (the counter's id with `-FORMACAO`)
//! and stamps every receipt and closing "SEM VALOR — FORMAÇÃO"; both windows carry a band that
//! cannot be missed. The home screen lists guided exercises: the seven services the network's own
//! figures name as the most requested, each started with a fictitious citizen whose data the trainee
//! enters and saves as with a real one.

use balcao_core::attendance::Citizen;

/// The training database's folder under the data directory.
pub const FOLDER: &str = "formacao";

/// What is appended to the counter's id in training, so receipts have their own series.
pub const COUNTER_SUFFIX: &str = "-FORMACAO";

/// The guided exercises: the services most requested at the Espaços do Cidadão, in that order.
pub const EXERCISES: [&str; 7] = balcao_catalogue::MOST_REQUESTED;

/// The fictitious citizen of every exercise. The NIF is 999 999 990, the generic one Portuguese
/// invoicing uses for "consumidor final": valid, and nobody's.
pub fn fictitious_citizen() -> Citizen {
    Citizen {
        name: Some("Maria Exemplo da Formação".into()),
        nif: Some("999999990".into()),
        cc_number: None,
        phone: Some("210000000".into()),
        email: Some("formacao@exemplo.pt".into()),
    }
}

/// The configuration of the same counter in training: its own receipt series.
pub fn prepare(config: &mut balcao_config::Config) {
    if !config.counter.ends_with(COUNTER_SUFFIX) {
        config.counter.push_str(COUNTER_SUFFIX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fictitious_citizen_passes_the_checks_a_real_one_does() {
        let c = fictitious_citizen();
        assert_eq!(
            balcao_core::validate::nif(c.nif.as_deref().unwrap()).as_deref(),
            Ok("999999990")
        );
        assert!(balcao_core::validate::phone(c.phone.as_deref().unwrap()).is_ok());
        assert!(balcao_core::validate::email(c.email.as_deref().unwrap()).is_ok());
    }

    #[test]
    fn training_numbers_receipts_in_a_series_of_its_own_once() {
        let mut config = balcao_config::Config::default();
        let real = config.counter.clone();
        prepare(&mut config);
        prepare(&mut config);
        assert_eq!(config.counter, format!("{real}{COUNTER_SUFFIX}"));
    }
}
