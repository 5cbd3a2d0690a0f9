package io.seam.core.pg;

import java.io.Serializable;

/**
 * A source column as the catalog describes it. Domains are already resolved to their base type.
 *
 * @param typeName the base type's {@code typname} (e.g. {@code int4}, {@code numeric}, {@code _text})
 * @param typeKind {@code pg_type.typtype}: b base, e enum, c composite, r range, m multirange, p pseudo
 * @param typmod the type modifier (-1 when absent: unbounded numeric, plain varchar)
 * @param elementTypeName for arrays, the element's {@code typname}; else null
 * @param elementTypeKind for arrays, the element's {@code typtype}; else 0
 */
public record ColumnInfo(String name, int ordinal, String typeName, String declaredType, char typeKind, int typmod,
    boolean notNull, String elementTypeName, char elementTypeKind) implements Serializable {

  public boolean isArray() {
    return elementTypeName != null;
  }
}
