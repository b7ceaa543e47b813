### Ids produced by the balcao-core crate (module validate): errors of the identifier validators.

nif-empty = The NIF is missing. Type the 9 digits of the tax number, shown on the Citizen Card or on any document from the tax authority (Finanças).
nif-invalid-character = A NIF has only digits, but “{ $character }” was typed. Delete that character and check the number on the Citizen Card or on a tax document.
nif-length = A NIF has exactly 9 digits, but the number typed has { $length }. Check it on the Citizen Card or on the IRS tax return.
nif-unknown-prefix = No NIF starts with “{ $prefix }”: the first digit was probably mistyped. Check it on the Citizen Card or on a tax document.
nif-check-digit = This NIF is not valid: the last digit (the check digit) does not match the others. A digit is almost certainly swapped or mistyped; check them one by one on the Citizen Card or on a tax document.

cc-empty = The Citizen Card document number is missing. Type the 12 characters printed on the card, for example 12345678 9 ZZ1.
cc-invalid-character = The document number has only letters and digits, but “{ $character }” was typed. Delete that character and copy the number exactly as printed on the card (for example, 12345678 9 ZZ1).
cc-looks-like-bi = This looks like the number of the old Bilhete de Identidade, or only the civil identification number ({ $length } digits). The Citizen Card document number has 12 characters: also ask for the two letters and the last digit that follow it (for example, 12345678 9 ZZ1). If the person only has a Bilhete de Identidade, this field does not apply.
cc-length = The Citizen Card document number has 12 characters (8 digits, 1 digit, 2 letters and 1 digit, for example 12345678 9 ZZ1), but the number typed has { $length }. Check it on the card.
cc-digit-expected = Position { $position } of the document number must be a digit, but it is “{ $character }”. Only the 10th and 11th positions may be letters; check on the card that a zero was not typed as the letter O, or a 1 as the letter I.
cc-check-digits = This document number is not valid: the check characters do not match the rest. A character is probably swapped or mistyped; check them one by one on the card (watch for 0 and O, 1 and I, 5 and S, 8 and B).

postal-code-format = A postal code has 4 digits, a hyphen and 3 digits, for example 1000-001. Type only the code, without the town. If the person only knows the first 4 digits, look up the full code on the CTT website.
postal-code-first-digit-zero = No Portuguese postal code starts with 0: the first digit is 1 to 9. Check the code on a letter or bill addressed to the person, or on the CTT website.

phone-empty = The phone number is missing. Type a Portuguese mobile or landline number (9 digits) or, for a foreign number, the number starting with + and the country code.
phone-invalid-character = A phone number may only have digits (and a + at the start), but “{ $character }” was typed. Delete that character; spaces, dots, hyphens and parentheses may stay.
phone-pt-length = A Portuguese number has 9 digits (not counting +351), but the number typed has { $length }. Check the number with the person. If it is a foreign number, type it with + and the country code.
phone-pt-prefix = No Portuguese number starts with “{ $prefix }”. Mobile numbers start with 91, 92, 93 or 96 and landlines with 2; check the number with the person. If it is a foreign number, type it with + and the country code.
phone-not-personal = Numbers starting with “{ $prefix }” are short, premium-rate or business numbers (such as 112, 707, 760 or 800), not a personal contact. Ask the person for a mobile or landline number. If it is a foreign number, type it with + and the country code.
phone-country-code = After + or 00 comes the country code (for example, 34 for Spain or 44 for the United Kingdom), which never starts with 0. Check the number with the person.
phone-foreign-length = A foreign number has 8 to 15 digits, country code included, but the number typed has { $length }. Check the number with the person.

email-empty = The e-mail address is missing. Type it as the person dictates it, for example ana.silva@example.pt.
email-too-long = The e-mail address has { $length } characters and the maximum is 254. Check it with the person; perhaps two addresses were typed.
email-missing-at = The e-mail address has no @. An address has the form name@domain (for example, ana.silva@example.pt); ask the person what comes before and after the @.
email-several-at = The address has { $count } @ signs, but it may only have one. Type a single address, in the form name@domain.
email-local-part = The part before the @ (“{ $local }”) is not valid: it must have 1 to 64 characters, with no spaces, commas, parentheses or quotation marks, and it may not start or end with a dot nor have two dots in a row (..). Check it with the person.
email-domain = The part after the @ (“{ $domain }”) is not a valid domain. It should look like gmail.com or sapo.pt: words separated by dots, with only letters, digits and hyphens, and an ending of at least 2 letters. Check it with the person.
email-comma-instead-of-dot = The address has a comma where a dot should be. Did you mean “{ $suggestion }”? Correct it and check with the person.
