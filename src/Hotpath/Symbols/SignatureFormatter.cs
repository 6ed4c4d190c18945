using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Hotpath.Symbols;

/// <summary>Formats parameter types the way the runtime's method events spell them (<c>int32</c>, <c>class System.String</c>, <c>value class …</c>, <c>!0</c>).</summary>
internal sealed class SignatureFormatter : ISignatureTypeProvider<string, object?>
{
    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Void => "void",
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Char => "wchar",
        PrimitiveTypeCode.SByte => "int8",
        PrimitiveTypeCode.Byte => "unsigned int8",
        PrimitiveTypeCode.Int16 => "int16",
        PrimitiveTypeCode.UInt16 => "unsigned int16",
        PrimitiveTypeCode.Int32 => "int32",
        PrimitiveTypeCode.UInt32 => "unsigned int32",
        PrimitiveTypeCode.Int64 => "int64",
        PrimitiveTypeCode.UInt64 => "unsigned int64",
        PrimitiveTypeCode.Single => "float32",
        PrimitiveTypeCode.Double => "float64",
        PrimitiveTypeCode.IntPtr => "int",
        PrimitiveTypeCode.UIntPtr => "unsigned int",
        PrimitiveTypeCode.Object => "class System.Object",
        PrimitiveTypeCode.String => "class System.String",
        PrimitiveTypeCode.TypedReference => "typedbyref",
        _ => typeCode.ToString(),
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = type.GetDeclaringType().IsNil ? Qualified(reader.GetString(type.Namespace), reader.GetString(type.Name)) : reader.GetString(type.Name);
        return Kind(rawTypeKind) + name;
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeReference(handle);
        var nested = type.ResolutionScope.Kind == HandleKind.TypeReference;
        var name = nested ? reader.GetString(type.Name) : Qualified(reader.GetString(type.Namespace), reader.GetString(type.Name));
        return Kind(rawTypeKind) + name;
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        genericType + "<" + string.Join(",", typeArguments) + ">";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', Math.Max(0, shape.Rank - 1)) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    private static string Kind(byte rawTypeKind) => rawTypeKind == (byte)SignatureTypeKind.ValueType ? "value class " : "class ";

    private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
