using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace PortraitDb.Kernels;

/// <summary>
/// Throw helpers for the kernels, kept out of the hot loops: a call to a method that never returns costs the
/// loop one predictable branch and no inlined exception construction.
/// </summary>
internal static class KernelThrow
{
    [DoesNotReturn]
    [StackTraceHidden]
    public static void DestinationTooShort(string parameterName, long required, int actual) =>
        throw new ArgumentException($"The destination holds {actual} elements but needs {required}.", parameterName);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void LengthMismatch(string parameterName, int expected, int actual) =>
        throw new ArgumentException($"The span holds {actual} elements but must hold {expected}.", parameterName);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void MaskTooShort(string parameterName, int required, int actual) =>
        throw new ArgumentException($"The mask holds {actual} words but must cover {required}.", parameterName);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void OffsetOutOfRange(string parameterName, int length) =>
        throw new ArgumentOutOfRangeException(parameterName, $"An offset is at or beyond the {length} values it selects from.");

    [DoesNotReturn]
    [StackTraceHidden]
    public static void GroupOutOfRange(string parameterName, int accumulators) =>
        throw new ArgumentOutOfRangeException(parameterName, $"A group id is negative or at or beyond the {accumulators} accumulators.");

    [DoesNotReturn]
    [StackTraceHidden]
    public static void CodeOutOfRange(string parameterName, int countsLength) =>
        throw new ArgumentOutOfRangeException(parameterName, $"A selected code is at or beyond the {countsLength} counters.");

    [DoesNotReturn]
    [StackTraceHidden]
    public static void EdgesNotSorted(string parameterName) =>
        throw new ArgumentException("The edges must be ascending and hold no NaN.", parameterName);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void TooManyRows(string parameterName, int maximum) =>
        throw new ArgumentException($"At most {maximum} rows fit one segment's ushort offsets.", parameterName);

    [DoesNotReturn]
    [StackTraceHidden]
    public static void UnsupportedType(Type type) =>
        throw new NotSupportedException($"The kernel takes 4- or 8-byte numbers, not {type.Name}.");

    [DoesNotReturn]
    [StackTraceHidden]
    public static void UnknownOperator(CompareOp op) =>
        throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison.");
}
