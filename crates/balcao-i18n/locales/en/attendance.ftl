# Attendance rules (crate balcao-core, type AttendanceError).
attendance-already-ended = This attendance has ended and cannot be changed.
attendance-no-services = Add at least one service before ending the attendance.
attendance-line-without-outcome = Service { $line } has no outcome yet: say whether it was completed, is pending, was referred, or could not be done.
attendance-no-such-line = There is no service { $line } in this attendance.
attendance-outcome-needs-detail = { $outcome ->
    [pendente] Say what is pending (for example, the code sent by post).
    [encaminhado] Say which entity the citizen was referred to.
   *[other] Say why the service could not be completed.
}
attendance-ends-before-start = The end time is before the start time: check the computer's clock.
