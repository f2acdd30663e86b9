using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PortraitDb.Persistence;

/// <summary>
/// What every database file shares: a 16-byte header (an 8-byte magic naming the file kind, the format version,
/// reserved flags), checked blocks, and the durable write (write, fsync, then fsync the directory).
/// </summary>
internal static partial class FileFormat
{
    /// <summary>The format this build writes. It reads this version only; see docs/file-format.md for the upgrade rule.</summary>
    public const uint Version = 1;

    public const int HeaderSize = 16;

    public static void WriteHeader(ByteWriter output, ReadOnlySpan<byte> magic)
    {
        output.WriteBytes(magic);
        output.WriteUInt32(Version);
        output.WriteUInt32(0);
    }

    public static void CheckHeader(ReadOnlySpan<byte> header, ReadOnlySpan<byte> magic, string name, string what)
    {
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(magic))
            throw ByteReader.CorruptionError(name, $"it does not start like a PortraitDb {what} file");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version > Version)
            throw new PortraitDbException(PortraitDbErrorKind.NotSupported, $"The database file {name} has format version {version}; this build of PortraitDb reads version {Version}. Open it with a newer PortraitDb.");
        if (version == 0)
            throw ByteReader.CorruptionError(name, "its format version is 0");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) != 0)
            throw ByteReader.CorruptionError(name, "its header's reserved bytes are not zero");
    }

    /// <summary>Creates (or replaces) <paramref name="path"/> with <paramref name="bytes"/> and forces them to disk.</summary>
    public static void WriteDurably(string path, ReadOnlySpan<byte> bytes)
    {
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: bytes.Length))
        {
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
        }
    }

    /// <summary>Opens a file for reading; a missing file is damage to the database, named as such.</summary>
    public static SafeFileHandle OpenRead(string path, string name)
    {
        try
        {
            // Delete sharing lets a checkpoint remove a replaced file while an older snapshot still reads it.
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {name} is missing.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new PortraitDbException(PortraitDbErrorKind.Corruption, $"The database file {name} is missing.");
        }
    }

    public static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string name)
    {
        int done = 0;
        while (done < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[done..], offset + done);
            if (read == 0)
                throw ByteReader.CorruptionError(name, $"it ends at offset {offset + done}, before the {destination.Length} bytes expected at offset {offset}");
            done += read;
        }
    }

    /// <summary>Reads and checks the block at <paramref name="offset"/>, which may take at most <paramref name="maxLength"/> bytes.</summary>
    public static ReadOnlyMemory<byte> ReadBlock(SafeFileHandle handle, long offset, long maxLength, BlockKind kind, string name)
    {
        if (maxLength < BlockFormat.HeaderSize)
            throw ByteReader.CorruptionError(name, $"no room for a {kind} block at offset {offset}");
        Span<byte> header = stackalloc byte[BlockFormat.HeaderSize];
        ReadExactly(handle, header, offset, name);
        int stored = BlockFormat.StoredLength(header, maxLength - BlockFormat.HeaderSize, name);
        // Every byte is overwritten by the read: no need to zero the buffer first.
        var block = GC.AllocateUninitializedArray<byte>(BlockFormat.HeaderSize + stored);
        header.CopyTo(block);
        ReadExactly(handle, block.AsSpan(BlockFormat.HeaderSize), offset + BlockFormat.HeaderSize, name);
        var payload = BlockFormat.Read(block, kind, name, out byte[]? decompressed);
        return decompressed ?? block.AsMemory(BlockFormat.HeaderSize, payload.Length);
    }

    /// <summary>Makes a rename or a new file in <paramref name="directory"/> durable (POSIX needs the directory itself synced).</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
            return;
        int descriptor = Native.open(directory, 0);
        if (descriptor < 0)
            return;
        Native.fsync(descriptor);
        Native.close(descriptor);
    }

    private static partial class Native
    {
        [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags);

        [LibraryImport("libc")]
        internal static partial int fsync(int descriptor);

        [LibraryImport("libc")]
        internal static partial int close(int descriptor);
    }
}
