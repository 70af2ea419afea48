using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeosChem.PowerShell.Aws.Protocol;

/// <summary>Serializer settings for the json 1.1 and rest-json protocols: members named as in the model, timestamps in epoch seconds.</summary>
internal static class AwsJson
{
    public static JsonSerializerOptions Create(JsonNamingPolicy? naming)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = naming,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>Pascal-case members, as Service Quotas and Pricing name them.</summary>
    public static readonly JsonSerializerOptions PascalCase = Create(null);

    /// <summary>Camel-case members, as Batch, CloudWatch Logs, ECS and ECR name them.</summary>
    public static readonly JsonSerializerOptions CamelCase = Create(JsonNamingPolicy.CamelCase);

    private sealed class EpochSecondsConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                var seconds = reader.GetDouble();
                return DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            }
            var text = reader.GetString();
            return DateTime.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
            writer.WriteNumberValue(Math.Round((utc - DateTime.UnixEpoch).TotalSeconds, 3));
        }
    }
}
