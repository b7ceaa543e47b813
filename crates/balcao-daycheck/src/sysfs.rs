//! The card reader through Linux's sysfs, without PC/SC and without touching a card.
//!
//! A Citizen Card reader is a USB CCID device: one of its interfaces has class `0x0B` (smart card),
//! listed as `/sys/bus/usb/devices/<bus>-<port>:<config>.<interface>/bInterfaceClass`; its device
//! (`/sys/bus/usb/devices/<bus>-<port>/`) has the `product` name. Reading these files needs no
//! permission and does not wake `pcscd`. Readers that do not follow CCID (vendor class `0xFF`) are not
//! seen: the check then reports the reader absent, which a mediator can contradict by looking.

use crate::report::ReaderObs;
use std::path::Path;

/// Where Linux lists USB devices and interfaces.
pub const USB_DEVICES: &str = "/sys/bus/usb/devices";

/// The USB class of smart-card (CCID) interfaces and devices.
const CLASS_SMART_CARD: u8 = 0x0B;

fn read_trimmed(path: &Path) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn is_smart_card_class(path: &Path) -> bool {
    read_trimmed(path).is_some_and(|c| u8::from_str_radix(&c, 16) == Ok(CLASS_SMART_CARD))
}

/// A device's name: its `product` string, else `manufacturer`, else `idVendor:idProduct`.
fn device_name(device: &Path) -> String {
    read_trimmed(&device.join("product"))
        .or_else(|| read_trimmed(&device.join("manufacturer")))
        .or_else(|| {
            Some(format!(
                "{}:{}",
                read_trimmed(&device.join("idVendor"))?,
                read_trimmed(&device.join("idProduct"))?
            ))
        })
        .unwrap_or_else(|| "USB".to_string())
}

/// The names of the smart-card readers under `usb_devices` (normally [`USB_DEVICES`]), sorted, each
/// once. An error when the folder cannot be listed.
pub fn find_readers(usb_devices: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(usb_devices)?.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let path = entry.path();
        let device = match file_name.split_once(':') {
            // An interface: `1-2:1.0`; its device is `1-2`.
            Some((device, _)) if is_smart_card_class(&path.join("bInterfaceClass")) => {
                usb_devices.join(device)
            }
            // A device whose class says smart card (rare: most declare it per interface).
            None if is_smart_card_class(&path.join("bDeviceClass")) => path,
            _ => continue,
        };
        names.push(device_name(&device));
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// The card-reader observation for the tree at `usb_devices`.
pub fn card_reader(usb_devices: &Path) -> ReaderObs {
    match find_readers(usb_devices) {
        Ok(names) => match names.into_iter().next() {
            Some(name) => ReaderObs::Present { name },
            None => ReaderObs::Absent,
        },
        Err(e) => ReaderObs::Unknown {
            detail: format!("{}: {e}", usb_devices.display()),
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::fs;

    fn put(root: &Path, rel: &str, content: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }

    /// A hub, a keyboard and a mouse: what a counter has without a reader.
    fn plain_tree(root: &Path) {
        put(root, "usb1/bDeviceClass", "09\n");
        put(root, "usb1/product", "xHCI Host Controller\n");
        put(root, "1-1/bDeviceClass", "00\n");
        put(root, "1-1/product", "USB Keyboard\n");
        put(root, "1-1:1.0/bInterfaceClass", "03\n");
        put(root, "1-2/bDeviceClass", "00\n");
        put(root, "1-2/product", "Optical Mouse\n");
        put(root, "1-2:1.0/bInterfaceClass", "03\n");
        put(root, "1-0:1.0/bInterfaceClass", "09\n");
    }

    #[test]
    fn no_reader_is_absent() {
        let dir = tempfile::tempdir().unwrap();
        plain_tree(dir.path());
        assert_eq!(card_reader(dir.path()), ReaderObs::Absent);
    }

    #[test]
    fn a_ccid_interface_is_a_reader_named_by_its_device() {
        let dir = tempfile::tempdir().unwrap();
        plain_tree(dir.path());
        put(dir.path(), "1-3/bDeviceClass", "00\n");
        put(dir.path(), "1-3/product", "SCR3310 v2.0 USB SC Reader\n");
        put(dir.path(), "1-3:1.0/bInterfaceClass", "0b\n");
        assert_eq!(
            card_reader(dir.path()),
            ReaderObs::Present {
                name: "SCR3310 v2.0 USB SC Reader".into()
            }
        );
    }

    #[test]
    fn a_reader_without_product_is_named_by_its_ids_and_a_device_class_counts() {
        let dir = tempfile::tempdir().unwrap();
        put(dir.path(), "2-1/bDeviceClass", "0B\n");
        put(dir.path(), "2-1/idVendor", "076b\n");
        put(dir.path(), "2-1/idProduct", "3031\n");
        assert_eq!(find_readers(dir.path()).unwrap(), ["076b:3031"]);
    }

    #[test]
    fn a_missing_tree_is_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let obs = card_reader(&dir.path().join("nope"));
        assert!(matches!(obs, ReaderObs::Unknown { .. }), "{obs:?}");
    }
}
