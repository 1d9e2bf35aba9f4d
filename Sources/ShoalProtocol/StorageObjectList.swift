import ShoalJSON

/// One page of a storage list; `cursor` is empty when there are no more objects.
package struct StorageObjectList: Sendable, Equatable {
    package var objects: [StorageObject]
    package var cursor: String

    package init(objects: [StorageObject], cursor: String) {
        self.objects = objects
        self.cursor = cursor
    }

    /// The protojson wire form (`api.StorageObjectList`).
    package var json: JSON {
        var out = WireObject()
        out.list("objects", objects.map(\.json))
        out.string("cursor", cursor)
        return out.json
    }
}
