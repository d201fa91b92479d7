package io.neurite.spark;

import java.util.Arrays;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a DataFrame's features and label columns against a model on the driver, before any training task:
 * the features column must be a vector of the model's input size, the label column numeric. Every error names
 * the column, what it holds, what the model needs and how to fix it.
 */
final class InputColumns {
    private InputColumns() {
    }

    /** The schema checks alone (no job runs): for {@code transformSchema} and before training. */
    static void checkSchema(StructType schema, String featuresCol, String labelCol, int features, int classes) {
        StructField f = field(schema, featuresCol, "features");
        DataType type = f.dataType();
        if (!(type instanceof VectorUDT)) {
            throw new IllegalArgumentException("features column '" + featuresCol + "' is of type "
                    + type.simpleString() + " but must be a vector (org.apache.spark.ml.linalg.Vector) of " + features
                    + " values; build it with a VectorAssembler (or VectorUDT) from the numeric columns");
        }
        int size = AttributeGroup.fromStructField(f).size();
        if (size >= 0 && size != features) {
            throw new IllegalArgumentException(sizeMismatch(featuresCol, size, features, "its metadata says so"));
        }
        if (labelCol != null) {
            DataType label = field(schema, labelCol, "label").dataType();
            if (!(label instanceof NumericType)) {
                throw new IllegalArgumentException("label column '" + labelCol + "' is of type " + label.simpleString()
                        + " but must be numeric, a class index 0.." + (classes - 1) + "; index strings with a"
                        + " StringIndexer");
            }
        }
    }

    /**
     * The schema checks, then, if the schema does not say how long the vectors are, the length of the first
     * row's vector (one small job, before any training task). Later rows are checked as they are read.
     */
    static void check(Dataset<Row> data, String featuresCol, String labelCol, int features, int classes) {
        checkSchema(data.schema(), featuresCol, labelCol, features, classes);
        if (AttributeGroup.fromStructField(data.schema().apply(featuresCol)).size() < 0) {
            Row[] first = (Row[]) data.select(featuresCol).head(1);
            if (first.length > 0 && !first[0].isNullAt(0)) {
                int size = ((Vector) first[0].get(0)).size();
                if (size != features) {
                    throw new IllegalArgumentException(sizeMismatch(featuresCol, size, features, "in its first row"));
                }
            }
        }
    }

    static String sizeMismatch(String column, int size, int features, String where) {
        return "features column '" + column + "' holds vectors of " + size + " values (" + where
                + ") but the model takes " + features + " inputs; give the model an input of " + size
                + " or assemble " + features + " features";
    }

    private static StructField field(StructType schema, String column, String role) {
        if (column == null || !Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(role + " column '" + column + "' is not in the DataFrame; its columns are "
                    + Arrays.toString(schema.fieldNames()) + "; set the " + role + " column's name");
        }
        return schema.apply(column);
    }
}
