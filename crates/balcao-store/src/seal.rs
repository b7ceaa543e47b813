//! The store's side of sealing: which columns hold a citizen's identification, how each is sealed as
//! it is written and opened as it is read, and finding a citizen by keyed hash.
//!
//! Sealed (with the key the app gives, [`Store::set_vault`]; `balcao-vault`): the attendance's
//! `name`, `nif`, `cc_number`, `phone`, `email` and `notes`, and each line's `notes` and
//! `outcome_detail`. Each value is sealed for its place (table, attendance, line, column), so a value
//! moved to another row does not open. Empty text stays empty (the purge and the lists test it).
//!
//! Without a key (no keyring on this PC) values are written as they are, as before; the counter never
//! stops working for want of a key, and the values are sealed when a key is first given. A sealed
//! value that does not open (the keyring was reset, or the file came from another counter) reads as
//! absent: the attendance, its services and its statistics still read, only the citizen's
//! identification is gone, as it would be after the retention.

use crate::{Store, StoreError};
use balcao_vault::{Vault, is_sealed};
use rusqlite::params;

/// Seals and opens the values of one row.
pub(crate) struct Seal<'a> {
    vault: Option<&'a Vault>,
    place: String,
}

fn vault_error(e: balcao_vault::VaultError) -> StoreError {
    StoreError::Io {
        detail: e.to_string(),
    }
}

impl<'a> Seal<'a> {
    /// The attendance row `id`.
    pub(crate) fn attendance(vault: Option<&'a Vault>, id: &str) -> Seal<'a> {
        Seal {
            vault,
            place: format!("attendances/{id}"),
        }
    }

    /// The line at `position` of attendance `id`.
    pub(crate) fn line(vault: Option<&'a Vault>, id: &str, position: i64) -> Seal<'a> {
        Seal {
            vault,
            place: format!("service_lines/{id}/{position}"),
        }
    }

    fn context(&self, column: &str) -> String {
        format!("{}/{column}", self.place)
    }

    /// `value` as stored in `column`: sealed when there is a key and a value.
    pub(crate) fn seal(&self, column: &str, value: &str) -> Result<String, StoreError> {
        match self.vault {
            Some(vault) if !value.is_empty() && !is_sealed(value) => {
                vault.seal(value, &self.context(column)).map_err(vault_error)
            }
            _ => Ok(value.to_owned()),
        }
    }

    /// [`Seal::seal`] of an optional value.
    pub(crate) fn seal_opt(&self, column: &str, value: Option<&str>) -> Result<Option<String>, StoreError> {
        value.map(|v| self.seal(column, v)).transpose()
    }

    /// The stored `value` of `column` as the counter reads it: opened when sealed, empty when it does
    /// not open.
    pub(crate) fn open(&self, column: &str, value: String) -> String {
        if !is_sealed(&value) {
            return value;
        }
        self.vault
            .and_then(|vault| vault.open(&value, &self.context(column)).ok())
            .unwrap_or_default()
    }

    /// [`Seal::open`] of an optional value; a value that does not open is absent.
    pub(crate) fn open_opt(&self, column: &str, value: Option<String>) -> Option<String> {
        value.map(|v| self.open(column, v)).filter(|v| !v.is_empty())
    }
}

/// The keyed hash of an identifier, when there is a key and a value.
pub(crate) fn lookup(
    vault: Option<&Vault>,
    kind: &str,
    value: Option<&str>,
) -> Result<Option<String>, StoreError> {
    match (vault, value) {
        (Some(vault), Some(value)) if !value.is_empty() => {
            vault.lookup(kind, value).map(Some).map_err(vault_error)
        }
        _ => Ok(None),
    }
}

impl Store {
    /// Gives the store the counter's sealing key (or takes it away). From then on identity values are
    /// written sealed, and the values written before without a key are sealed now, in batches of 500
    /// rows per transaction (a kill leaves whole batches done; the next call carries on). Returns how
    /// many attendances were sealed now.
    pub fn set_vault(&mut self, vault: Option<Vault>) -> Result<u64, StoreError> {
        self.vault = vault;
        let Some(vault) = self.vault.clone() else {
            return Ok(0);
        };
        let mut sealed = 0;
        loop {
            let tx = self.conn.transaction()?;
            let rows: Vec<(String, [Option<String>; 5], String)> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT id, name, nif, cc_number, phone, email, notes FROM attendances \
                     WHERE (name IS NOT NULL AND name NOT LIKE 'sealed:v1:%') \
                        OR (nif IS NOT NULL AND nif NOT LIKE 'sealed:v1:%') \
                        OR (cc_number IS NOT NULL AND cc_number NOT LIKE 'sealed:v1:%') \
                        OR (phone IS NOT NULL AND phone NOT LIKE 'sealed:v1:%') \
                        OR (email IS NOT NULL AND email NOT LIKE 'sealed:v1:%') \
                        OR (notes != '' AND notes NOT LIKE 'sealed:v1:%') \
                        OR id IN (SELECT attendance_id FROM service_lines \
                                  WHERE (notes != '' AND notes NOT LIKE 'sealed:v1:%') \
                                     OR (outcome_detail != '' AND outcome_detail NOT LIKE 'sealed:v1:%')) \
                     LIMIT 500",
                )?;
                stmt.query_map([], |row| {
                    Ok((
                        row.get(0)?,
                        [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?],
                        row.get(6)?,
                    ))
                })?
                .collect::<Result<_, _>>()?
            };
            if rows.is_empty() {
                break;
            }
            for (id, citizen, notes) in &rows {
                let seal = Seal::attendance(Some(&vault), id);
                let [name, nif, cc, phone, email] = citizen;
                tx.prepare_cached(
                    "UPDATE attendances SET name = ?2, nif = ?3, cc_number = ?4, phone = ?5, email = ?6, \
                     notes = ?7, nif_hash = coalesce(?8, nif_hash), cc_hash = coalesce(?9, cc_hash) WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    seal.seal_opt("name", name.as_deref())?,
                    seal.seal_opt("nif", nif.as_deref())?,
                    seal.seal_opt("cc_number", cc.as_deref())?,
                    seal.seal_opt("phone", phone.as_deref())?,
                    seal.seal_opt("email", email.as_deref())?,
                    seal.seal("notes", notes)?,
                    lookup(Some(&vault), "nif", nif.as_deref().filter(|v| !is_sealed(v)))?,
                    lookup(Some(&vault), "cc", cc.as_deref().filter(|v| !is_sealed(v)))?,
                ])?;
                let lines: Vec<(i64, String, Option<String>)> = {
                    let mut stmt = tx.prepare_cached(
                        "SELECT position, notes, outcome_detail FROM service_lines WHERE attendance_id = ?1",
                    )?;
                    stmt.query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                        .collect::<Result<_, _>>()?
                };
                for (position, notes, detail) in lines {
                    let seal = Seal::line(Some(&vault), id, position);
                    tx.prepare_cached(
                        "UPDATE service_lines SET notes = ?3, outcome_detail = ?4 \
                         WHERE attendance_id = ?1 AND position = ?2",
                    )?
                    .execute(params![
                        id,
                        position,
                        seal.seal("notes", &notes)?,
                        seal.seal_opt("outcome_detail", detail.as_deref())?,
                    ])?;
                }
            }
            sealed += rows.len() as u64;
            tx.commit()?;
        }
        if sealed > 0 {
            // The plaintext's old pages may be in the WAL; `secure_delete` zeroed them in the file.
            self.truncate_wal()?;
        }
        Ok(sealed)
    }

    /// The attendances that identified a citizen by this NIF or this Citizen Card number (as the
    /// validators normalise them), oldest first: what a supervisor answers an RGPD request from. With
    /// a key the search goes by keyed hash; rows written without one are compared as written.
    pub fn find_citizen(
        &self,
        nif: Option<&str>,
        cc_number: Option<&str>,
    ) -> Result<Vec<String>, StoreError> {
        let vault = self.vault.as_ref();
        let nif_hash = lookup(vault, "nif", nif)?;
        let cc_hash = lookup(vault, "cc", cc_number)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM attendances WHERE \
             (?1 IS NOT NULL AND nif_hash = ?1) OR (?2 IS NOT NULL AND cc_hash = ?2) \
             OR (?3 IS NOT NULL AND nif = ?3) OR (?4 IS NOT NULL AND cc_number = ?4) \
             ORDER BY started_at, id",
        )?;
        let ids = stmt
            .query_map(params![nif_hash, cc_hash, nif, cc_number], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }
}
