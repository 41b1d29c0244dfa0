using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connect4.Runtime.Messaging;

namespace Connect4.Runtime.Serialization;

/// <summary>
/// Serializes arguments, results, state and exceptions with System.Text.Json. Grain and observer references
/// inside them are written as their ids and read back as references bound to this node's factory, so a
/// reference can be passed along like any other value.
/// </summary>
public sealed class RuntimeSerializer
{
    public RuntimeSerializer(IReferenceFactory references)
    {
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = false,
            Converters = { new ReferenceConverterFactory(references) },
        };
    }

    public JsonSerializerOptions Options { get; }

    public byte[] SerializeArguments(object?[]? arguments, Type[] types) =>
        JsonBytes.Write((arguments, types, Options), static (writer, call) =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < call.types.Length; i++)
            {
                JsonSerializer.Serialize(writer, call.arguments?[i], call.types[i], call.Options);
            }

            writer.WriteEndArray();
        });

    public object?[] DeserializeArguments(ReadOnlySpan<byte> data, Type[] types)
    {
        var reader = new Utf8JsonReader(data);
        var result = new object?[types.Length];
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Arguments must be a JSON array.");
        }

        for (var i = 0; i < types.Length; i++)
        {
            reader.Read();
            result[i] = JsonSerializer.Deserialize(ref reader, types[i], Options);
        }

        return result;
    }

    public byte[] Serialize(object? value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, Options);

    public object? Deserialize(ReadOnlySpan<byte> data, Type type) => JsonSerializer.Deserialize(data, type, Options);

    /// <summary>Captures an exception with the public properties its own type declares.</summary>
    public RemoteException SerializeException(Exception exception)
    {
        var type = exception.GetType();
        Dictionary<string, JsonElement>? properties = null;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            try
            {
                properties ??= [];
                properties[property.Name] = JsonSerializer.SerializeToElement(property.GetValue(exception), property.PropertyType, Options);
            }
            catch (NotSupportedException)
            {
                // A property that cannot be serialized stays behind; the type and message still cross.
            }
        }

        return new RemoteException(type.FullName + ", " + type.Assembly.GetName().Name, exception.Message, properties);
    }

    /// <summary>
    /// Rebuilds an exception as its own type when that type is an <see cref="Exception"/> with a public
    /// constructor whose parameters are all named after its properties (or <c>message</c>); otherwise a
    /// <see cref="GrainCallException"/> that keeps the type name and message.
    /// </summary>
    public Exception DeserializeException(RemoteException remote)
    {
        var type = Type.GetType(remote.Type, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type))
        {
            foreach (var ctor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
            {
                if (TryBuild(ctor, remote, out var built))
                {
                    return built;
                }
            }
        }

        return new GrainCallException(remote.Type, remote.Message);
    }

    private bool TryBuild(ConstructorInfo ctor, RemoteException remote, out Exception built)
    {
        built = null!;
        var parameters = ctor.GetParameters();
        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (string.Equals(p.Name, "message", StringComparison.OrdinalIgnoreCase) && p.ParameterType == typeof(string))
            {
                args[i] = remote.Message;
            }
            else if (remote.Properties?.FirstOrDefault(kv => string.Equals(kv.Key, p.Name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } match)
            {
                args[i] = match.Value.Deserialize(p.ParameterType, Options);
            }
            else if (p.HasDefaultValue)
            {
                args[i] = p.DefaultValue;
            }
            else
            {
                return false;
            }
        }

        built = (Exception)ctor.Invoke(args);
        return true;
    }

    /// <summary>Writes references as "type/key" strings and reads them back as references of the declared interface.</summary>
    private sealed class ReferenceConverterFactory(IReferenceFactory references) : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsInterface && typeof(IAddressable).IsAssignableFrom(typeToConvert);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ReferenceConverter<>).MakeGenericType(typeToConvert), references)!;
    }

    private sealed class ReferenceConverter<T>(IReferenceFactory references) : JsonConverter<T> where T : class, IAddressable
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? throw new JsonException("A reference must be a string.");
            return (T)references.GetReference(typeToConvert, GrainId.Parse(text));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.GetGrainId().ToString());
    }
}

/// <summary>Makes typed references for ids read off the wire.</summary>
public interface IReferenceFactory
{
    object GetReference(Type interfaceType, GrainId id);
}
