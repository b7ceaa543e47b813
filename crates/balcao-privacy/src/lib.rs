//! What of a counter's record may leave the counter, decided in one place for both ends of the wire.
//!
//! The counter keeps what the citizen in front of the mediator needs: the name, NIF, Citizen Card
//! number, phone and e-mail given for the service, and the mediator's notes. The coordination needs
//! none of that: its statistics and its audit need the attendance's id, spot, counter and mediator,
//! the services and their outcomes, the times, the fees and the payments (`docs/privacy.md` lists every
//! field). So a record is **minimised** before it leaves ([`minimise`]):
//!
//! - `citizen` becomes `null` (the consent time stays: the coordination may count identified visits);
//! - the attendance's and each line's `notes` become empty;
//! - an outcome keeps its kind; what is awaited (`awaiting`) and why it could not be done (`reason`)
//!   become empty, and the entity referred to (`to`) is kept only when it is a catalogue id (a slug),
//!   never a free description;
//! - a cash record's `reason` (a cancellation, an exemption's legal grounds, a closing's difference)
//!   is kept, because the audit needs it, unless it holds an identifier
//!   ([`balcao_core::privacy::find_identifier`]); then it is replaced by [`WITHHELD`]. The counter
//!   refuses such a reason when it is typed, so only records written by an older version get here.
//!
//! The minimised form keeps the record's shape (the same keys, empty values), so it still decodes as
//! the counter's own types and the central server's checks do not change. [`minimise`] is idempotent:
//! the store writes outbox rows already minimised, and the sync worker minimises again before sending,
//! which changes only rows written by a version that kept everything.
//!
//! The central server does not trust the counter to have done this: [`identifier_in`] finds any direct
//! identifier left in a payload (the fields above, or an e-mail address anywhere), and the server
//! refuses the request naming the field.

use balcao_core::privacy::find_identifier;
use serde_json::Value;

/// What replaces a cash record's reason that held a direct identifier.
pub const WITHHELD: &str = "[retirado: continha dados pessoais]";

/// Strips the direct identifiers from the payload of a record of `kind`; returns whether anything
/// changed.
pub fn minimise(kind: &str, payload: &mut Value) -> bool {
    let mut changed = false;
    if is_attendance(kind) {
        if let Some(citizen) = payload.get_mut("citizen")
            && !citizen.is_null()
        {
            *citizen = Value::Null;
            changed = true;
        }
        changed |= empty(payload.get_mut("notes"));
        if let Some(lines) = payload.get_mut("lines").and_then(Value::as_array_mut) {
            for line in lines {
                changed |= empty(line.get_mut("notes"));
                if let Some(outcome) = line.get_mut("outcome").filter(|o| o.is_object()) {
                    changed |= empty(outcome.get_mut("awaiting"));
                    changed |= empty(outcome.get_mut("reason"));
                    if let Some(to) = outcome.get_mut("to")
                        && !to.as_str().is_some_and(is_catalogue_id)
                    {
                        changed |= empty(Some(to));
                    }
                }
            }
        }
    }
    // Any other `reason` of any record (a cash record's; one anywhere in an attendance) is kept unless
    // it holds an identifier: the server's `identifier_in` refuses such a reason at any depth.
    changed |= withhold_reasons(payload);
    changed
}

/// A direct identifier found in a payload: where, and what it looked like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The field, as a path from the record (`payload.citizen.nif`, `payload.lines[0].notes`).
    pub field: String,
    /// What is there: `citizen data`, `free text`, `e-mail` or `number`.
    pub what: &'static str,
}

/// The first direct identifier in the payload of a record of `kind`, or `None` when the payload is as
/// [`minimise`] leaves it.
pub fn identifier_in(kind: &str, payload: &Value) -> Option<Found> {
    let found = |field: String, what: &'static str| Some(Found { field, what });
    if is_attendance(kind) {
        if let Some(citizen) = payload.get("citizen").filter(|c| !c.is_null()) {
            let field = citizen
                .as_object()
                .and_then(|fields| fields.iter().find(|(_, v)| !v.is_null()))
                .map_or("payload.citizen".to_owned(), |(name, _)| {
                    format!("payload.citizen.{name}")
                });
            return found(field, "citizen data");
        }
        if !is_empty(payload.get("notes")) {
            return found("payload.notes".to_owned(), "free text");
        }
        let lines = payload.get("lines").and_then(Value::as_array);
        for (i, line) in lines.into_iter().flatten().enumerate() {
            if !is_empty(line.get("notes")) {
                return found(format!("payload.lines[{i}].notes"), "free text");
            }
            let Some(outcome) = line.get("outcome") else {
                continue;
            };
            for key in ["awaiting", "reason"] {
                if !is_empty(outcome.get(key)) {
                    return found(format!("payload.lines[{i}].outcome.{key}"), "free text");
                }
            }
            if let Some(to) = outcome.get("to")
                && !is_empty(Some(to))
                && !to.as_str().is_some_and(is_catalogue_id)
            {
                return found(format!("payload.lines[{i}].outcome.to"), "free text");
            }
        }
    }
    scan("payload", payload)
}

fn is_attendance(kind: &str) -> bool {
    kind.starts_with("attendance.") || kind.starts_with("line.")
}

/// Whether `text` is a catalogue id: a lower-case slug with a letter, and no identifier in it.
pub fn is_catalogue_id(text: &str) -> bool {
    (1..=64).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && text.chars().any(|c| c.is_ascii_lowercase())
        && find_identifier(text).is_none()
}

/// Empties a string field; whether it had text.
fn empty(field: Option<&mut Value>) -> bool {
    match field {
        Some(value) if !is_empty(Some(value)) => {
            *value = Value::String(String::new());
            true
        }
        _ => false,
    }
}

fn is_empty(field: Option<&Value>) -> bool {
    match field {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// Replaces every `reason` string that holds an identifier, at any depth.
fn withhold_reasons(value: &mut Value) -> bool {
    match value {
        Value::Object(fields) => {
            let mut changed = false;
            for (key, field) in fields.iter_mut() {
                if key == "reason"
                    && let Value::String(text) = field
                {
                    if text != WITHHELD && find_identifier(text).is_some() {
                        *text = WITHHELD.to_owned();
                        changed = true;
                    }
                } else {
                    changed |= withhold_reasons(field);
                }
            }
            changed
        }
        Value::Array(items) => items.iter_mut().fold(false, |c, item| withhold_reasons(item) | c),
        _ => false,
    }
}

/// An identifier in any `reason`, or an e-mail address in any string, at any depth.
fn scan(path: &str, value: &Value) -> Option<Found> {
    match value {
        Value::Object(fields) => fields.iter().find_map(|(key, field)| {
            let here = format!("{path}.{key}");
            if key == "reason"
                && let Some(what) = field.as_str().and_then(find_identifier)
            {
                return Some(Found {
                    field: here,
                    what: what.as_str(),
                });
            }
            scan(&here, field)
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| scan(&format!("{path}[{i}]"), item)),
        Value::String(text) => {
            (find_identifier(text) == Some(balcao_core::privacy::Identifier::Email)).then(|| Found {
                field: path.to_owned(),
                what: "e-mail",
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
